package dev.nemotron.runtime.mlx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nemotron.runtime.testing.SharedData;

/** Opening checkpoint directories: shards, the index, and what a broken one reports. */
class MlxCheckpointTest {

    private static final Map<String, Object> CONFIG = Map.of("hidden_size", 64, "hybrid_override_pattern", "*",
            "num_attention_heads", 2, "num_key_value_heads", 1, "head_dim", 32);

    @TempDir
    Path dir;

    private void writeEmbeddingOnly() {
        new MlxWriter(Quantization.Spec.affine(4, 64), SafetensorsDtype.BF16)
                .quantized("backbone.embeddings", new long[] {4, 64}, new float[256], Quantization.Spec.affine(4, 64))
                .plain("backbone.layers.0.norm.weight", new long[] {64}, new float[64], SafetensorsDtype.BF16)
                .write(dir, CONFIG);
    }

    @Test
    void shardedCheckpointServesTensorsOfBothShards() {
        try (MlxCheckpoint c = MlxCheckpoint.open(SharedData.golden("mlx/tiny256-mlx-8bit-g64"))) {
            assertThat(c.tensors().values()).extracting(t -> t.file().getFileName().toString()).containsOnly(
                    "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors");
            assertThat(c.tensors()).hasSize(104);
            assertThat(c.rows("token_embd.weight")).isEqualTo(1024);
            assertThat(c.has("output.weight")).isTrue();
            assertThat(c.parameterCount()).as("mlx-lm's total_parameters of the index").isEqualTo(5312032);
        }
    }

    @Test
    void ggufNamesMapToMlxNames() {
        try (MlxCheckpoint c = MlxCheckpoint.open(SharedData.golden("mlx/tiny256-mlx-4bit-g64"))) {
            assertThat(c.mlxName("blk.1.ffn_up_exps.weight"))
                    .isEqualTo("backbone.layers.1.mixer.switch_mlp.fc1.weight");
            assertThat(c.mlxName("blk.0.ssm_a")).isEqualTo("backbone.layers.0.mixer.A_log");
            assertThat(c.mlxName("output_norm.weight")).isEqualTo("backbone.norm_f.weight");
            assertThatThrownBy(() -> c.mlxName("blk.0.ffn_gate_exps.weight")).isInstanceOf(MlxFormatException.class)
                    .hasMessageContaining("no MLX tensor corresponds to blk.0.ffn_gate_exps.weight");
        }
    }

    @Test
    void aLogBecomesMinusExpInDouble() {
        try (MlxCheckpoint c = MlxCheckpoint.open(SharedData.golden("mlx/tiny256-mlx-4bit-g64"))) {
            float[] aLog = c.tensors().get("backbone.layers.0.mixer.A_log").toFloats();
            float[] a = c.vector("blk.0.ssm_a", 1, 8);

            for (int h = 0; h < 8; h++) {
                assertThat(a[h]).isEqualTo((float) -Math.exp((double) aLog[h]));
            }
        }
    }

    @Test
    void shapesThatDisagreeWithTheGeometryAreNamed() {
        try (MlxCheckpoint c = MlxCheckpoint.open(SharedData.golden("mlx/tiny256-mlx-4bit-g64"))) {
            assertThatThrownBy(() -> c.matrix("blk.0.ssm_in.weight", 256, 600)).isInstanceOf(MlxFormatException.class)
                    .hasMessageContaining("tensor backbone.layers.0.mixer.in_proj.weight is [584, 32], expected "
                            + "[600, 32]");
            assertThatThrownBy(() -> c.vector("blk.0.ssm_in.weight", 10)).isInstanceOf(MlxFormatException.class)
                    .hasMessageContaining("is quantized");
        }
    }

    @Test
    void indexNamingAMissingShardIsNamed() throws IOException {
        writeEmbeddingOnly();
        Files.writeString(dir.resolve(MlxCheckpoint.INDEX),
                "{\"weight_map\": {\"backbone.embeddings.weight\": \"model-00002-of-00002.safetensors\"}}");

        assertThatThrownBy(() -> MlxCheckpoint.open(dir)).isInstanceOf(MlxFormatException.class)
                .hasMessageContaining("shard model-00002-of-00002.safetensors is missing");
    }

    @Test
    void indexListingATensorItsShardLacksIsNamed() throws IOException {
        writeEmbeddingOnly();
        Files.writeString(dir.resolve(MlxCheckpoint.INDEX), "{\"weight_map\": {\"lm_head.weight\": "
                + "\"model.safetensors\", \"backbone.embeddings.weight\": \"model.safetensors\"}}");

        assertThatThrownBy(() -> MlxCheckpoint.open(dir)).isInstanceOf(MlxFormatException.class)
                .hasMessageContaining("tensor lm_head.weight, listed in model.safetensors.index.json, is not in it");
    }

    @Test
    void indexEntryOutsideTheDirectoryIsRefused() throws IOException {
        writeEmbeddingOnly();
        Files.writeString(dir.resolve(MlxCheckpoint.INDEX),
                "{\"weight_map\": {\"backbone.embeddings.weight\": \"../other/model.safetensors\"}}");

        assertThatThrownBy(() -> MlxCheckpoint.open(dir)).isInstanceOf(MlxFormatException.class)
                .hasMessageContaining("is not a safetensors file of this directory");
    }

    @Test
    void scalesWithoutAnyQuantizationAreNamed() throws IOException {
        writeEmbeddingOnly();
        Files.writeString(dir.resolve("config.json"), new tools.jackson.databind.ObjectMapper()
                .writeValueAsString(CONFIG));

        try (MlxCheckpoint c = MlxCheckpoint.open(dir)) {
            assertThatThrownBy(() -> c.matrix("token_embd.weight", 64, 4)).isInstanceOf(MlxFormatException.class)
                    .hasMessageContaining("module backbone.embeddings has scales but config.json has no quantization");
        }
    }

    @Test
    void tiedWordEmbeddingsHideAStoredLmHead() {
        Map<String, Object> tied = new java.util.HashMap<>(CONFIG);
        tied.put("tie_word_embeddings", true);
        new MlxWriter(Quantization.Spec.affine(4, 64), SafetensorsDtype.BF16)
                .quantized("backbone.embeddings", new long[] {4, 64}, new float[256], Quantization.Spec.affine(4, 64))
                .plain("lm_head.weight", new long[] {4, 64}, new float[256], SafetensorsDtype.BF16)
                .write(dir, tied);

        try (MlxCheckpoint c = MlxCheckpoint.open(dir)) {
            assertThat(c.has("output.weight")).isFalse();
            assertThat(c.has("token_embd.weight")).isTrue();
        }
    }

    @Test
    void directoryWithoutConfigIsNotACheckpoint() {
        assertThatThrownBy(() -> MlxCheckpoint.open(dir)).isInstanceOf(MlxFormatException.class)
                .hasMessageContaining("no config.json: not an MLX checkpoint directory");
    }
}
