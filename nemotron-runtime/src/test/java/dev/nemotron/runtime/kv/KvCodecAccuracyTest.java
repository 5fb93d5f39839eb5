package dev.nemotron.runtime.kv;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attention-output error of every codec against the f32 cache on Nano's attention shape (32 query heads over 2 KV
 * heads of 128) with 1,024 cached positions of random Gaussian keys and values. The numbers are printed for
 * docs/kv-cache.md; the assertions pin their order of magnitude and that each codec is what it claims to be.
 */
class KvCodecAccuracyTest {

    private static final int N_HEADS = 32;
    private static final int N_KV_HEADS = 2;
    private static final int HEAD_DIM = 128;
    private static final int POSITIONS = 1024;
    private static final float SCALE = (float) (1 / Math.sqrt(HEAD_DIM));

    private final float[] keys;
    private final float[] values;
    private final float[] queries;
    private final float[] reference;

    KvCodecAccuracyTest() {
        SplittableRandom random = new SplittableRandom(1234);
        keys = gaussian(random, POSITIONS * N_KV_HEADS * HEAD_DIM);
        values = gaussian(random, POSITIONS * N_KV_HEADS * HEAD_DIM);
        queries = gaussian(random, N_HEADS * HEAD_DIM);
        reference = attend(KvCodecs.of("f32", 0, HEAD_DIM), KvCodecs.of("f32", 0, HEAD_DIM));
    }

    private static float[] gaussian(SplittableRandom random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    private float[] attend(KvCodec keyCodec, KvCodec valueCodec) {
        KvCache cache = new KvCache(N_KV_HEADS, HEAD_DIM, keyCodec, valueCodec);
        int stride = N_KV_HEADS * HEAD_DIM;
        for (int p = 0; p < POSITIONS; p++) {
            cache.append(keys, p * stride, values, p * stride);
        }
        float[] out = new float[N_HEADS * HEAD_DIM];
        cache.attend(queries, 0, N_HEADS, POSITIONS, SCALE, out, 0, new float[cache.scratchLength(N_HEADS, POSITIONS)]);
        return out;
    }

    /** ‖out − f32‖ / ‖f32‖ over all heads. */
    private double error(String keyCodec, double keyBits, String valueCodec, double valueBits) {
        float[] out = attend(KvCodecs.forKeys(keyCodec, keyBits, HEAD_DIM),
                KvCodecs.forValues(valueCodec, valueBits, HEAD_DIM));
        double err = 0;
        double norm = 0;
        for (int i = 0; i < out.length; i++) {
            double d = out[i] - reference[i];
            err += d * d;
            norm += (double) reference[i] * reference[i];
        }
        return Math.sqrt(err / norm);
    }

    @Test
    void everyCodecStaysCloseToF32InItsOrder() {
        Map<String, Double> errors = new LinkedHashMap<>();
        String[][] settings = {
                {"f16", "0"}, {"bf16", "0"}, {"q8_0", "0"}, {"q4_0", "0"},
                {"turboquant", "4"}, {"turboquant", "3.5"}, {"turboquant", "3"}, {"turboquant", "2.5"},
                {"turboquant", "2"}, {"rotorquant-iso", "4"}, {"rotorquant-iso", "3"}, {"rotorquant-planar", "4"},
                {"rotorquant-planar", "3"}};
        for (String[] s : settings) {
            double bits = Double.parseDouble(s[1]);
            errors.put(s[0] + (bits == 0 ? "" : "/" + s[1]), error(s[0], bits, s[0], bits));
        }
        errors.put("q8_0 K + turboquant/3 V", error("q8_0", 0, "turboquant", 3));
        errors.put("q8_0 K + turboquant/2 V", error("q8_0", 0, "turboquant", 2));
        errors.forEach((codec, e) -> System.out.printf("attention error vs f32, %-26s %.3e%n", codec, e));

        assertThat(errors.get("f16")).isLessThan(1e-3);
        assertThat(errors.get("bf16")).isLessThan(1e-2);
        assertThat(errors.get("q8_0")).isLessThan(1e-2);
        assertThat(errors.get("f16")).isLessThan(errors.get("q8_0"));
        assertThat(errors.get("q8_0")).isLessThan(errors.get("turboquant/4"));
        assertThat(errors.get("turboquant/4")).isLessThan(errors.get("turboquant/3.5"));
        assertThat(errors.get("turboquant/3.5")).isLessThan(errors.get("turboquant/3"));
        assertThat(errors.get("turboquant/3")).isLessThan(errors.get("turboquant/2.5"));
        assertThat(errors.get("turboquant/2.5")).isLessThan(errors.get("turboquant/2"));
        assertThat(errors.get("turboquant/2")).isLessThan(0.5);
    }

    /** Reconstruction MSE on unit vectors, uniform and with outlier channels, for every codec (docs table). */
    @Test
    void reconstructionErrorOfEveryCodecOnUnitVectors() {
        String[][] settings = {
                {"f16", "0"}, {"bf16", "0"}, {"q8_0", "0"}, {"q4_0", "0"}, {"turboquant", "4"}, {"turboquant", "3.5"},
                {"turboquant", "3"}, {"turboquant", "2.5"}, {"turboquant", "2"}, {"rotorquant-iso", "4"},
                {"rotorquant-iso", "3"}, {"rotorquant-planar", "4"}, {"rotorquant-planar", "3"}};
        Map<String, Double> uniform = new LinkedHashMap<>();
        for (String[] s : settings) {
            KvCodec codec = KvCodecs.of(s[0], Double.parseDouble(s[1]), HEAD_DIM);
            double mse = RotatedCodebookKvCodecTest.mse(codec, RotatedCodebookKvCodecTest::unitVector);
            double outliers = RotatedCodebookKvCodecTest.mse(codec, RotatedCodebookKvCodecTest::outlierVector);
            System.out.printf("unit-vector MSE %-22s %.3f bpv  uniform %.3e  outlier channels %.3e%n",
                    s[0] + (s[1].equals("0") ? "" : "/" + s[1]), codec.bitsPerValue(), mse, outliers);
            uniform.put(s[0] + "/" + s[1], mse);
        }

        assertThat(uniform.get("q8_0/0")).isLessThan(uniform.get("q4_0/0"));
        assertThat(uniform.get("turboquant/4")).isLessThan(uniform.get("turboquant/3"));
    }

    /** The key type must not be silently ignored (kv-codecs.md §8, report 13). */
    @Test
    void asymmetricKeyAndValueCodecsBothTakeEffect() {
        float[] symmetric = attend(KvCodecs.forKeys("turboquant", 3, HEAD_DIM),
                KvCodecs.forValues("turboquant", 3, HEAD_DIM));
        float[] asymmetric = attend(KvCodecs.forKeys("q8_0", 0, HEAD_DIM),
                KvCodecs.forValues("turboquant", 3, HEAD_DIM));
        float[] valuesOnly = attend(KvCodecs.forKeys("q8_0", 0, HEAD_DIM), KvCodecs.forValues("q8_0", 0, HEAD_DIM));

        assertThat(asymmetric).isNotEqualTo(symmetric).isNotEqualTo(valuesOnly);
        assertThat(error("q8_0", 0, "turboquant", 3)).isLessThan(error("turboquant", 3, "turboquant", 3));
    }
}
