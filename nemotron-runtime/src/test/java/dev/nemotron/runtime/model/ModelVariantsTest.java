package dev.nemotron.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nemotron.runtime.gguf.GgufFile;
import dev.nemotron.runtime.gguf.GgufWriter;
import dev.nemotron.runtime.testing.SharedData;
import dev.nemotron.runtime.weights.GgmlType;

/**
 * Model features the golden files do not exercise, checked by equivalence: a variant of tiny-f32 that must compute
 * exactly what the golden model computes.
 */
class ModelVariantsTest {

    private static final int[] TOKENS = {1, 10, 300, 301, 30, 92, 121, 321, 329, 64, 281, 482, 461, 11, 12, 13};
    private static final int D = 64;

    @TempDir
    Path dir;

    @Test
    void withoutOutputWeightTheEmbeddingIsTheOutputHead() throws IOException {
        Path tied = variant("tied", w -> w.removeTensor("output.weight"));
        Path copied = variant("copied", w -> w.removeTensor("output.weight").addEncodedTensor("output.weight",
                GgmlType.F32, new long[] {D, 512}, embedding()));

        assertThat(logits(tied, true)).containsExactly(logits(copied, true));
    }

    @Test
    void latentExpertsWithIdentityProjectionsComputeThePlainMoe() throws IOException {
        float[] identity = new float[D * D];
        for (int i = 0; i < D; i++) {
            identity[i * D + i] = 1;
        }
        Path latent = variant("latent", w -> {
            w.putUint32("nemotron_h_moe.moe_latent_size", D);
            for (int layer : new int[] {1, 4, 6}) {
                w.addTensor("blk." + layer + ".ffn_latent_down.weight", GgmlType.F32, new long[] {D, D}, identity);
                w.addTensor("blk." + layer + ".ffn_latent_up.weight", GgmlType.F32, new long[] {D, D}, identity);
            }
            return w;
        });

        assertThat(logits(latent, true)).containsExactly(logits(SharedData.goldenModel("tiny-f32"), true));
    }

    @Test
    void aPromptLongerThanOneForwardChunkMatchesTokenByTokenDecode() throws IOException {
        int[] tokens = new int[1100];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = (i * 37 + 11) % 512;
        }
        try (NemotronModel m = NemotronModel.load(SharedData.goldenModel("tiny-f32"),
                LoadOptions.defaults().withKvCodec("f32").withThreads(2))) {
            float[] batch = Logits.compute(m, tokens, true);
            float[] incremental = Logits.compute(m, tokens, false);
            float max = 0;
            for (int i = 0; i < batch.length; i++) {
                max = Math.max(max, Math.abs(batch[i] - incremental[i]));
            }
            assertThat(max).isLessThanOrEqualTo(1e-4f);
        }
    }

    private static float[] logits(Path model, boolean batch) {
        try (NemotronModel m = NemotronModel.load(model, LoadOptions.defaults().withKvCodec("f32").withThreads(2))) {
            return Logits.compute(m, TOKENS, batch);
        }
    }

    private static MemorySegment embedding() {
        try (GgufFile source = GgufFile.open(SharedData.goldenModel("tiny-f32"))) {
            byte[] bytes = source.data(source.tensor("token_embd.weight"))
                    .toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            return MemorySegment.ofArray(bytes);
        }
    }

    private Path variant(String name, UnaryOperator<GgufWriter> change) throws IOException {
        Path path = dir.resolve(name + ".gguf");
        try (GgufFile source = GgufFile.open(SharedData.goldenModel("tiny-f32"))) {
            change.apply(GgufWriter.copyOf(source)).write(path);
        }
        return path;
    }
}
