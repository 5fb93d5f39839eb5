package dev.nemotron.runtime.kv;

import dev.nemotron.runtime.weights.Half;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KvCacheTest {

    private static final int N_HEADS = 32;
    private static final int N_KV_HEADS = 2;
    private static final int HEAD_DIM = 128;
    private static final float SCALE = (float) (1 / Math.sqrt(HEAD_DIM));

    private static float[] gaussian(SplittableRandom random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    private static KvCache filled(String codec, float[] keys, float[] values, int positions, int pagePositions) {
        KvCache cache = new KvCache(N_KV_HEADS, HEAD_DIM, KvCodecs.forKeys(codec, 0, HEAD_DIM),
                KvCodecs.forValues(codec, 0, HEAD_DIM), pagePositions);
        int stride = N_KV_HEADS * HEAD_DIM;
        for (int p = 0; p < positions; p++) {
            cache.append(keys, p * stride, values, p * stride);
        }
        return cache;
    }

    /** Largest per-head relative error of {@link KvCache#attend} against the double-precision reference. */
    private static double worstHeadError(String codec, int positions, DoubleUnaryOperator roundInputs,
            DoubleUnaryOperator roundQuery, DoubleUnaryOperator roundWeight) {
        SplittableRandom random = new SplittableRandom(7);
        float[] keys = gaussian(random, positions * N_KV_HEADS * HEAD_DIM);
        float[] values = gaussian(random, positions * N_KV_HEADS * HEAD_DIM);
        float[] q = gaussian(random, N_HEADS * HEAD_DIM);
        KvCache cache = filled(codec, keys, values, positions, 64);
        float[] out = new float[N_HEADS * HEAD_DIM];
        cache.attend(q, 0, N_HEADS, positions, SCALE, out, 0, new float[cache.scratchLength(N_HEADS, positions)]);

        float[] storedKeys = round(keys, roundInputs);
        float[] storedValues = round(values, roundInputs);
        double worst = 0;
        for (int h = 0; h < N_HEADS; h++) {
            double[] expected = AttentionReference.head(q, h, storedKeys, storedValues, N_HEADS, N_KV_HEADS,
                    HEAD_DIM, positions, SCALE, roundQuery, roundWeight);
            worst = Math.max(worst, AttentionReference.relativeError(out, h * HEAD_DIM, expected));
        }
        return worst;
    }

    private static float[] round(float[] x, DoubleUnaryOperator rounding) {
        float[] r = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = (float) rounding.applyAsDouble(x[i]);
        }
        return r;
    }

    private static double toHalf(double x) {
        return Half.roundToHalf((float) x);
    }

    @Test
    void f32AttentionMatchesDoublePrecisionWithinOnePartPerMillion() {
        double error = worstHeadError("f32", 300, x -> x, x -> x, x -> x);

        assertThat(error).isLessThan(1e-6);
    }

    /**
     * The reference rounds the weights from double, attend from F32, so a weight next to a half-precision tie may
     * land one half ulp (5e-4 relative) apart; that bounds the agreement, well under the rounding itself.
     */
    @Test
    void f16AttentionRoundsQueryAndWeightsToHalfAsGgmlDoes() {
        double error = worstHeadError("f16", 300, KvCacheTest::toHalf, KvCacheTest::toHalf, KvCacheTest::toHalf);

        assertThat(error).isLessThan(1e-4);
    }

    @Test
    void f16AttentionStaysWithinHalfPrecisionOfTheExactResult() {
        double error = worstHeadError("f16", 300, x -> x, x -> x, x -> x);

        assertThat(error).isLessThan(2e-3).isGreaterThan(3e-4);
    }

    @Test
    void queryHeadsShareKvHeadsInContiguousGroups() {
        float[] key = new float[N_KV_HEADS * HEAD_DIM];
        float[] value = new float[N_KV_HEADS * HEAD_DIM];
        for (int j = 0; j < HEAD_DIM; j++) {
            value[j] = 1;
            value[HEAD_DIM + j] = 2;
        }
        KvCache cache = filled("f32", key, value, 1, 64);
        float[] out = new float[N_HEADS * HEAD_DIM];

        cache.attend(new float[N_HEADS * HEAD_DIM], 0, N_HEADS, 1, SCALE, out, 0,
                new float[cache.scratchLength(1)]);

        assertThat(out[15 * HEAD_DIM]).isEqualTo(1f);
        assertThat(out[16 * HEAD_DIM]).isEqualTo(2f);
        assertThat(out[N_HEADS * HEAD_DIM - 1]).isEqualTo(2f);
    }

    @Test
    void attentionOverAPrefixIgnoresLaterPositions() {
        SplittableRandom random = new SplittableRandom(3);
        int stride = N_KV_HEADS * HEAD_DIM;
        float[] keys = gaussian(random, 100 * stride);
        float[] values = gaussian(random, 100 * stride);
        float[] q = gaussian(random, N_HEADS * HEAD_DIM);
        KvCache longer = filled("f16", keys, values, 100, 16);
        KvCache shorter = filled("f16", keys, values, 40, 16);
        float[] a = new float[N_HEADS * HEAD_DIM];
        float[] b = new float[N_HEADS * HEAD_DIM];

        longer.attend(q, 0, N_HEADS, 40, SCALE, a, 0, new float[longer.scratchLength(40)]);
        shorter.attend(q, 0, N_HEADS, 40, SCALE, b, 0, new float[shorter.scratchLength(40)]);

        assertThat(a).containsExactly(b);
    }

    /** The minimal scratch makes attention pass over the cache four query heads at a time; the result is the same. */
    @Test
    void minimalScratchGivesTheSameOutputAsOnePass() {
        SplittableRandom random = new SplittableRandom(13);
        int stride = N_KV_HEADS * HEAD_DIM;
        float[] keys = gaussian(random, 70 * stride);
        float[] values = gaussian(random, 70 * stride);
        float[] q = gaussian(random, N_HEADS * HEAD_DIM);
        KvCache cache = filled("turboquant", keys, values, 70, 32);
        float[] onePass = new float[N_HEADS * HEAD_DIM];
        float[] fourHeadPasses = new float[N_HEADS * HEAD_DIM];

        cache.attend(q, 0, N_HEADS, 70, SCALE, onePass, 0, new float[cache.scratchLength(N_HEADS, 70)]);
        cache.attend(q, 0, N_HEADS, 70, SCALE, fourHeadPasses, 0, new float[cache.scratchLength(70)]);

        assertThat(cache.scratchLength(70)).isLessThan(cache.scratchLength(N_HEADS, 70));
        assertThat(fourHeadPasses).containsExactly(onePass);
    }

    @Test
    void truncateThenAppendOverwritesTheDroppedPositions() {
        SplittableRandom random = new SplittableRandom(5);
        int stride = N_KV_HEADS * HEAD_DIM;
        float[] keys = gaussian(random, 20 * stride);
        float[] values = gaussian(random, 20 * stride);
        KvCache cache = filled("f32", keys, values, 20, 8);

        cache.truncate(5);
        cache.append(values, 0, keys, 0);

        assertThat(cache.length()).isEqualTo(6);
        float[] decoded = new float[HEAD_DIM];
        cache.decodeKey(5, 1, decoded, 0);
        assertThat(decoded).containsExactly(java.util.Arrays.copyOfRange(values, HEAD_DIM, 2 * HEAD_DIM));
        assertThatThrownBy(() -> cache.decodeKey(6, 0, decoded, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void memoryGrowsOnePageAtATime() {
        KvCache cache = new KvCache(N_KV_HEADS, HEAD_DIM, KvCodecs.of("f16", 0, HEAD_DIM),
                KvCodecs.of("f32", 0, HEAD_DIM), 256);
        float[] kv = new float[N_KV_HEADS * HEAD_DIM];
        long perPage = 256L * N_KV_HEADS * HEAD_DIM * (2 + 4);

        assertThat(cache.bytesUsed()).isZero();
        cache.append(kv, 0, kv, 0);
        assertThat(cache.bytesUsed()).isEqualTo(perPage);
        for (int p = 1; p < 257; p++) {
            cache.append(kv, 0, kv, 0);
        }
        assertThat(cache.bytesUsed()).isEqualTo(2 * perPage);
        assertThat(KvCache.bytesPerPosition(N_KV_HEADS, cache.keyCodec(), cache.valueCodec()))
                .isEqualTo(N_KV_HEADS * HEAD_DIM * 6L);
    }

    /** Decoding appends one position and attends every step; neither may allocate once a page exists. */
    @Test
    void appendAndAttendAllocateNothingWithinAPage() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (String codec : new String[] {"f16", "q8_0", "turboquant", "rotorquant"}) {
            KvCache cache = new KvCache(N_KV_HEADS, HEAD_DIM, KvCodecs.forKeys(codec, 3, HEAD_DIM),
                    KvCodecs.forValues(codec, 3, HEAD_DIM), 4096);
            float[] kv = gaussian(new SplittableRandom(2), N_KV_HEADS * HEAD_DIM);
            float[] q = gaussian(new SplittableRandom(3), N_HEADS * HEAD_DIM);
            float[] out = new float[N_HEADS * HEAD_DIM];
            float[] scratch = new float[cache.scratchLength(N_HEADS, 4096)];
            // warm-up long enough for the JIT, whose interpreted code allocates where compiled code does not
            for (int p = 0; p < 6_000; p++) {
                cache.append(kv, 0, kv, 0);
                cache.attend(q, 0, N_HEADS, Math.min(cache.length(), 8), SCALE, out, 0, scratch);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int p = 0; p < 200; p++) {
                cache.append(kv, 0, kv, 0);
                cache.attend(q, 0, N_HEADS, 8, SCALE, out, 0, scratch);
            }
            long perStep = (threads.getCurrentThreadAllocatedBytes() - before) / 200;
            assertThat(perStep).as(codec).isLessThan(64);
        }
    }

    @Test
    void attentionRejectsMorePositionsThanCached() {
        KvCache cache = filled("f32", new float[N_KV_HEADS * HEAD_DIM], new float[N_KV_HEADS * HEAD_DIM], 1, 8);

        assertThatThrownBy(() -> cache.attend(new float[N_HEADS * HEAD_DIM], 0, N_HEADS, 2, SCALE,
                new float[N_HEADS * HEAD_DIM], 0, new float[cache.scratchLength(2)]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 positions");
    }

    @Test
    void codecsOfDifferentHeadDimensionAreRejected() {
        assertThatThrownBy(() -> new KvCache(2, 128, KvCodecs.of("f16", 0, 64), KvCodecs.of("f16", 0, 128)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key codec f16");
    }
}
