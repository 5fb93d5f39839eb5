package dev.nemotron.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.nemotron.runtime.testing.SharedData;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The command line on MLX checkpoint directories. */
class MlxCommandsTest extends CommandLineTest {

    private static String checkpoint(String name) {
        return SharedData.golden("mlx/" + name).toString();
    }

    @Test
    void infoDescribesAnMlxDirectoryWithPerModuleTypesAndBitsPerWeight() {
        assertThat(run("info", "--model", checkpoint("tiny256-mlx-mixed"))).isZero();

        assertThat(out.toString()).contains("format:          mlx").contains("pattern:         MEM*EME")
                .contains("parameters:      5312032").contains("vocab:           1024")
                .contains("quantization:    affine-4/64")
                .contains("affine-5/128=3").contains("mxfp4=1")
                .containsPattern("backbone.layers.0.mixer.in_proj.weight +affine-5/128 U32 +\\[584, 40\\]")
                .containsPattern("backbone.layers.5.mixer.out_proj.weight +BF16 +BF16 +\\[256, 256\\]");
    }

    @Test
    void infoJsonOfAShardedCheckpointCountsBothShards() {
        assertThat(run("info", "--model", checkpoint("tiny256-mlx-8bit-g64"), "--json")).isZero();

        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("architecture").asString()).isEqualTo("nemotron_h_moe");
        assertThat(json.get("mapped_bytes").asLong()).isEqualTo(2914808L + 2753502L);
        assertThat(json.get("tensors").size()).isEqualTo(104);
        assertThat(json.get("bits_per_weight").asDouble()).isBetween(8.0, 9.0);
    }

    @Test
    void logitsOfAnMlxDirectoryAreTheGoldenOnesOfTheFirstThreeTokens() throws Exception {
        Path logits = dir.resolve("logits.f32");

        assertThat(run("logits", "--model", checkpoint("tiny256-mlx-4bit-g64"), "--tokens", "1,10,300",
                "--kv-type", "f32", "--out", logits.toString())).isZero();
        assertThat(Files.size(logits)).isEqualTo(3L * 4 * 1024);
        float[] expected = SharedData.floats(
                SharedData.golden("mlx/logits/tiny256-mlx-4bit-g64.seq16.llamacpp-kvf32-nofa.f32"));
        float[] actual = SharedData.floats(logits);
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i]).as("logit %d", i).isCloseTo(expected[i], within(1e-4f));
        }
    }

    @Test
    void tokenizeReadsTheCheckpointsTokenizerJsonAndGivesTheGgufIds() {
        String text = "Hello world, the quick brown fox <|im_end|>";
        assertThat(run("tokenize", "--model", SharedData.goldenModel("tiny256-f32").toString(), "--text", text))
                .isZero();
        String gguf = out.toString().strip();
        out.getBuffer().setLength(0);

        assertThat(run("tokenize", "--model", checkpoint("tiny256-mlx-mxfp4"), "--text", text)).isZero();
        assertThat(out.toString().strip()).isEqualTo(gguf).endsWith(",11");
    }

    @Test
    void aBrokenCheckpointExitsWith2AndNamesTheFile() throws Exception {
        Files.writeString(dir.resolve("config.json"), "{\"hidden_size\": 64}");

        assertThat(run("info", "--model", dir.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("nemotron: " + dir.resolve("config.json")
                + ": neither hybrid_override_pattern nor layers_block_type says what the layers are");
    }
}
