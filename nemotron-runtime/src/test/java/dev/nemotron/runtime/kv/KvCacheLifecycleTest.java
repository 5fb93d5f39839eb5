package dev.nemotron.runtime.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Copying a cache (for a prefix snapshot) and closing it (when its sequence ends). */
class KvCacheLifecycleTest {

    private static final int N_HEADS = 4;
    private static final int N_KV_HEADS = 2;
    private static final int HEAD_DIM = 64;
    private static final int PAGE = 16;

    private static KvCache filled(String codec, int positions, SplittableRandom random) {
        KvCache cache = new KvCache(N_KV_HEADS, HEAD_DIM, KvCodecs.of(codec, 0, HEAD_DIM),
                KvCodecs.of(codec, 0, HEAD_DIM), PAGE);
        append(cache, positions, random);
        return cache;
    }

    private static void append(KvCache cache, int positions, SplittableRandom random) {
        float[] k = new float[N_KV_HEADS * HEAD_DIM];
        float[] v = new float[N_KV_HEADS * HEAD_DIM];
        for (int p = 0; p < positions; p++) {
            for (int i = 0; i < k.length; i++) {
                k[i] = (float) random.nextGaussian();
                v[i] = (float) random.nextGaussian();
            }
            cache.append(k, 0, v, 0);
        }
    }

    private static float[] attend(KvCache cache, float[] q) {
        float[] out = new float[N_HEADS * HEAD_DIM];
        cache.attend(q, 0, N_HEADS, cache.length(), 0.125f, out, 0, new float[cache.scratchLength(cache.length())]);
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"f32", "f16", "q8_0", "turboquant"})
    void aCopyAttendsExactlyAsTheOriginalAndGrowsOnItsOwn(String codec) {
        SplittableRandom random = new SplittableRandom(3);
        KvCache original = filled(codec, 2 * PAGE + 5, random);
        float[] q = new float[N_HEADS * HEAD_DIM];
        for (int i = 0; i < q.length; i++) {
            q[i] = (float) random.nextGaussian();
        }

        KvCache copy = original.copy();
        float[] before = attend(original, q);
        append(original, 7, random);
        original.truncate(2 * PAGE + 5);

        assertThat(copy.length()).isEqualTo(2 * PAGE + 5);
        assertThat(copy.bytesUsed()).isEqualTo(original.bytesUsed());
        assertThat(attend(copy, q)).containsExactly(before);
        append(copy, 1, random);
        assertThat(copy.length()).isEqualTo(original.length() + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"f16"})
    void closingReleasesThePagesAtOnceAndACopyOutlivesItsOriginal(String codec) {
        KvCache original = filled(codec, PAGE + 1, new SplittableRandom(5));
        KvCache copy = original.copy();

        original.close();
        original.close();

        assertThat(original.bytesUsed()).isZero();
        assertThat(original.length()).isZero();
        assertThatThrownBy(() -> append(original, 1, new SplittableRandom(1)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(copy.length()).isEqualTo(PAGE + 1);
        float[] key = new float[HEAD_DIM];
        copy.decodeKey(PAGE, 1, key, 0);
        assertThat(key).isNotEqualTo(new float[HEAD_DIM]);
    }
}
