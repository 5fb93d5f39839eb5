package dev.nemotron.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.nemotron.runtime.synthetic.Geometry;
import dev.nemotron.runtime.synthetic.SyntheticModel;
import dev.nemotron.runtime.synthetic.TensorTypes;
import dev.nemotron.runtime.testing.LlamaCppOracle;
import dev.nemotron.runtime.weights.GgmlType;

/**
 * Every GGUF weight type against llama.cpp, on models our writer produces in that type.
 *
 * <ul>
 *   <li><b>Dequantization.</b> With only the token embedding stored in the type and every other tensor F32,
 *       llama.cpp dequantizes embedding rows without any activation rounding, so its logits and ours agree within
 *       1e-4 only if both dequantize identically. The prompt holds every token id, so every row is checked.</li>
 *   <li><b>Matmuls with llama.cpp's activation rounding.</b> With every matrix in the type, on a model whose MoE
 *       layers route every expert (no routing flip can happen), max |Δ| ≤ 0.25 and the median of the
 *       per-position max |Δ| ≤ 0.06 (what {@code shared/golden/README.md} §5 shows a float64 emulation reaching).
 *       </li>
 * </ul>
 * Both run on an MoE and a dense model; rows are 256 wide so every k-quant applies.
 */
class WeightTypeParityTest {

    /** All experts routed: 4 experts, top-4. */
    private static final Geometry MOE = new Geometry("ME*EM", 256, 4, 2, 64, 8, 32, 16, 2, 4, 4, 4, 256, 512, 512,
            512, false);
    private static final Geometry DENSE = new Geometry("M-*-M", 256, 4, 2, 64, 8, 32, 16, 2, 4, 4, 4, 256, 512,
            512, 512, false);

    private static LlamaCppOracle oracle;

    @TempDir
    static Path models;

    @BeforeAll
    static void startOracle() {
        oracle = LlamaCppOracle.start();
    }

    @AfterAll
    static void stopOracle() {
        oracle.close();
    }

    @ParameterizedTest
    @EnumSource(names = {"F16", "BF16", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q2_K", "Q3_K", "Q4_K", "Q5_K",
        "Q6_K", "IQ4_NL", "IQ4_XS", "MXFP4"})
    void embeddingRowsDequantizeExactlyAsGgmlDoes(GgmlType type) throws IOException {
        for (Geometry geometry : new Geometry[] {MOE, DENSE}) {
            Path file = write(geometry, TensorTypes.embeddingOnly(type), type + "-embd");
            int[] everyToken = shuffled(geometry.vocab(), 7);

            Comparison c = compare(file, everyToken, false);

            assertThat(c.max()).as("%s embedding, %s", type, geometry.architecture()).isLessThanOrEqualTo(1e-4f);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"F16", "BF16", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q2_K", "Q3_K", "Q4_K", "Q5_K",
        "Q6_K", "IQ4_NL", "IQ4_XS", "MXFP4"})
    void matmulsWithLlamaCppActivationRoundingStayWithinTheEmulationsBounds(GgmlType type) throws IOException {
        for (Geometry geometry : new Geometry[] {MOE, DENSE}) {
            Path file = write(geometry, TensorTypes.uniform(type), type + "-all");
            int[] prompt = RandomGeneratorFactory.of("L64X128MixRandom").create(11).ints(160, 0, geometry.vocab())
                    .toArray();

            Comparison c = compare(file, prompt, false);

            assertThat(c.max()).as("%s, %s: max", type, geometry.architecture()).isLessThanOrEqualTo(0.25f);
            assertThat(c.median()).as("%s, %s: median", type, geometry.architecture()).isLessThanOrEqualTo(0.06f);
        }
    }

    private static Path write(Geometry geometry, TensorTypes types, String name) throws IOException {
        Path file = models.resolve(name + "-" + geometry.architecture() + ".gguf");
        SyntheticModel.of(geometry, types, 42).write(file);
        return file;
    }

    /** Our logits (F32 KV cache, llama.cpp numerics or the reference) against the oracle's, per position. */
    static Comparison compare(Path file, int[] tokens, boolean reference) {
        float[][] expected = oracle.logits(file, tokens);
        try (NemotronModel model = NemotronModel.load(file,
                LoadOptions.defaults().withKvCodec("f32").withReference(reference))) {
            float[] actual = Logits.compute(model, tokens, true);
            int vocab = model.vocabSize();
            float[] perPosition = new float[tokens.length];
            for (int p = 0; p < tokens.length; p++) {
                for (int v = 0; v < vocab; v++) {
                    perPosition[p] = Math.max(perPosition[p], Math.abs(actual[p * vocab + v] - expected[p][v]));
                }
            }
            return new Comparison(perPosition);
        }
    }

    private static int[] shuffled(int n, long seed) {
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        int[] ids = new int[n];
        Arrays.setAll(ids, i -> i);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = ids[i];
            ids[i] = ids[j];
            ids[j] = swap;
        }
        return ids;
    }

    /** Per-position max |Δ| of two logit arrays. */
    record Comparison(float[] perPosition) {

        float max() {
            float max = 0;
            for (float d : perPosition) {
                max = Math.max(max, d);
            }
            return max;
        }

        float median() {
            float[] sorted = perPosition.clone();
            Arrays.sort(sorted);
            return sorted[sorted.length / 2];
        }
    }
}
