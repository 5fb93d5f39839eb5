package dev.nemotron.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.nemotron.runtime.kv.KvCodecs;
import dev.nemotron.runtime.parallel.ComputePool;
import dev.nemotron.runtime.synthetic.Geometry;
import dev.nemotron.runtime.synthetic.SyntheticModel;
import dev.nemotron.runtime.synthetic.TensorTypes;
import dev.nemotron.runtime.weights.GgmlType;

/**
 * What each KV codec setting costs against the default f16 cache on Nano's attention shapes (32 query heads over
 * 2 KV heads of 128), measured over 1,024 positions of a generated F32 model ({@code M*EM*E}, hidden 256, four
 * experts all routed so no router choice flips): the attention-output error of the first attention layer fed the
 * same 1,024 Gaussian hidden vectors ‖out − out_f16‖ / ‖out_f16‖, and the end-to-end logit drift of 1,024 random
 * tokens in one batch (largest and median per-position max |Δlogit|, top-1 agreement, mean KL(f16 ‖ codec)).
 *
 * <p>It prints one table row per setting for {@code docs/kv-cache.md}. The assertions are sanity bounds only
 * (the codecs' accuracy against the math is {@code KvCodecAccuracyTest}'s): the error grows as bits shrink,
 * q8_0 stays close to f16, and no setting loses the argmax on most positions.
 */
class KvCodecDriftTest {

    private static final int POSITIONS = 1024;
    private static final Geometry GEOMETRY = new Geometry("M*EM*E", 256, 32, 2, 128, 8, 32, 64, 2, 4, 4, 4, 128, 256,
            512, 512, false);

    @TempDir
    static Path dir;

    private static Path file;
    private static int[] tokens;
    private static float[] hidden;
    private static float[] referenceLogits;
    private static float[] referenceAttention;

    @BeforeAll
    static void referenceRun() throws IOException {
        file = dir.resolve("nano-attention.gguf");
        SyntheticModel.of(GEOMETRY, TensorTypes.uniform(GgmlType.F32), 128).write(file);
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(11);
        tokens = random.ints(POSITIONS, 0, GEOMETRY.vocab()).toArray();
        hidden = new float[POSITIONS * GEOMETRY.hidden()];
        for (int i = 0; i < hidden.length; i++) {
            hidden[i] = (float) random.nextGaussian();
        }
        referenceLogits = logits("f16", "f16", 0);
        referenceAttention = attention("f16", "f16", 0);
        System.out.println("| cache | bits K / V | bytes / token (Nano) | attention error | max / median Δlogit "
                + "| top-1 | KL |");
    }

    @AfterAll
    static void release() {
        referenceLogits = null;
        referenceAttention = null;
    }

    /** key codec, value codec, bits (0: the codec's fixed format), attention error bound. */
    static Stream<Arguments> settings() {
        return Stream.of(
                Arguments.of("bf16", "bf16", 0, 0.02),
                Arguments.of("q8_0", "q8_0", 0, 0.05),
                Arguments.of("q4_0", "q4_0", 0, 0.4),
                Arguments.of("turboquant", "turboquant", 4, 0.4),
                Arguments.of("turboquant", "turboquant", 3.5, 0.5),
                Arguments.of("turboquant", "turboquant", 3, 0.6),
                Arguments.of("turboquant", "turboquant", 2.5, 0.8),
                Arguments.of("turboquant", "turboquant", 2, 0.8),
                Arguments.of("rotorquant-iso", "rotorquant-iso", 4, 0.4),
                Arguments.of("rotorquant-iso", "rotorquant-iso", 3, 0.6),
                Arguments.of("rotorquant-planar", "rotorquant-planar", 4, 0.4),
                Arguments.of("rotorquant-planar", "rotorquant-planar", 3, 0.6),
                Arguments.of("q8_0", "turboquant", 4, 0.4),
                Arguments.of("q8_0", "turboquant", 3, 0.6),
                Arguments.of("q8_0", "turboquant", 2, 0.8));
    }

    @ParameterizedTest(name = "{0} keys, {1} values, {2} bits")
    @MethodSource("settings")
    void attentionErrorAndLogitDriftAgainstTheF16Cache(String keyCodec, String valueCodec, double bits,
            double attentionBound) {
        float[] actualAttention = attention(keyCodec, valueCodec, bits);
        double attentionError = relativeError(actualAttention, referenceAttention);
        float[] actual = logits(keyCodec, valueCodec, bits);

        int vocab = GEOMETRY.vocab();
        float[] perPosition = new float[POSITIONS];
        int agreements = 0;
        double kl = 0;
        for (int p = 0; p < POSITIONS; p++) {
            for (int v = 0; v < vocab; v++) {
                perPosition[p] = Math.max(perPosition[p],
                        Math.abs(actual[p * vocab + v] - referenceLogits[p * vocab + v]));
            }
            agreements += argmax(actual, p * vocab, vocab) == argmax(referenceLogits, p * vocab, vocab) ? 1 : 0;
            kl += klDivergence(referenceLogits, actual, p * vocab, vocab);
        }
        float[] sorted = perPosition.clone();
        Arrays.sort(sorted);
        double topOne = (double) agreements / POSITIONS;
        long nanoBytesPerToken = 6L * 2 * (KvCodecs.forKeys(keyCodec, bits, 128).bytesPerVector()
                + KvCodecs.forValues(valueCodec, bits, 128).bytesPerVector());
        System.out.printf("| %s | %s | %,d | %.3g | %.3g / %.3g | %.1f %% | %.2g |%n",
                keyCodec.equals(valueCodec) ? keyCodec : keyCodec + " K + " + valueCodec + " V",
                bits == 0 ? "-" : KvCodecs.format(bits), nanoBytesPerToken, attentionError, sorted[POSITIONS - 1],
                sorted[POSITIONS / 2], 100 * topOne, kl / POSITIONS);

        assertThat(attentionError).as("attention error").isPositive().isLessThan(attentionBound);
        assertThat(topOne).as("top-1 agreement").isGreaterThan(0.8);
        assertThat(sorted[POSITIONS / 2]).as("median drift").isLessThan(1f);
    }

    private static float[] logits(String keyCodec, String valueCodec, double bits) {
        try (NemotronModel model = NemotronModel.load(file, options(keyCodec, valueCodec, bits))) {
            return Logits.compute(model, tokens, true);
        }
    }

    /** The first attention layer's mixer alone, all positions in one batch. */
    private static float[] attention(String keyCodec, String valueCodec, double bits) {
        LoadOptions options = options(keyCodec, valueCodec, bits);
        try (NemotronModel model = NemotronModel.load(file, options);
                ComputePool pool = new ComputePool(options.threads())) {
            int layer = GEOMETRY.pattern().indexOf('*');
            AttentionMixer mixer = new AttentionMixer(model.config(), model.weights(), layer,
                    new Compute(pool, false), options, file);
            float[] out = new float[hidden.length];
            mixer.forward(hidden, POSITIONS, out, mixer.newState(POSITIONS), 0);
            return out;
        }
    }

    private static LoadOptions options(String keyCodec, String valueCodec, double bits) {
        return LoadOptions.defaults().withKvCodecs(keyCodec, valueCodec).withKvBits(bits)
                .withContextLength(POSITIONS);
    }

    private static double relativeError(float[] actual, float[] expected) {
        double error = 0;
        double norm = 0;
        for (int i = 0; i < actual.length; i++) {
            error += (actual[i] - expected[i]) * (double) (actual[i] - expected[i]);
            norm += expected[i] * (double) expected[i];
        }
        return Math.sqrt(error / norm);
    }

    private static int argmax(float[] row, int offset, int length) {
        int best = 0;
        for (int v = 1; v < length; v++) {
            best = row[offset + v] > row[offset + best] ? v : best;
        }
        return best;
    }

    /** KL(p ‖ q) of the softmax distributions of two logit rows, in nats. */
    private static double klDivergence(float[] p, float[] q, int offset, int length) {
        double pMax = Double.NEGATIVE_INFINITY;
        double qMax = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < length; v++) {
            pMax = Math.max(pMax, p[offset + v]);
            qMax = Math.max(qMax, q[offset + v]);
        }
        double pSum = 0;
        double qSum = 0;
        for (int v = 0; v < length; v++) {
            pSum += Math.exp(p[offset + v] - pMax);
            qSum += Math.exp(q[offset + v] - qMax);
        }
        double kl = 0;
        for (int v = 0; v < length; v++) {
            double logP = p[offset + v] - pMax - Math.log(pSum);
            double logQ = q[offset + v] - qMax - Math.log(qSum);
            kl += Math.exp(logP) * (logP - logQ);
        }
        return kl;
    }
}
