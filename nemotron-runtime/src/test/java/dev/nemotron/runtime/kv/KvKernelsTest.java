package dev.nemotron.runtime.kv;

import dev.nemotron.runtime.weights.Half;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class KvKernelsTest {

    private static MemorySegment everyBitPattern() {
        MemorySegment data = Arena.ofAuto().allocate(2 * 65536 + 6);
        for (int b = 0; b < 65536; b++) {
            data.set(KvLayouts.SHORT, 2L * b, (short) b);
        }
        return data;
    }

    @Test
    void f16WideningEqualsTheJdkConversionForEveryBitPattern() {
        float[] out = new float[65539];
        KvKernels.widenF16(everyBitPattern(), 0, out, 0, 65539);

        for (int b = 0; b < 65536; b++) {
            float expected = Float.float16ToFloat((short) b);
            if (Float.isNaN(expected)) {
                // NaN payloads may or may not be quieted (the F16C instruction quiets them); NaN stays NaN
                assertThat(out[b]).as("half 0x%04x", b).isNaN();
            } else {
                assertThat(Float.floatToRawIntBits(out[b])).as("half 0x%04x", b)
                        .isEqualTo(Float.floatToRawIntBits(expected));
            }
        }
    }

    @Test
    void bf16WideningEqualsTheScalarConversionForEveryBitPattern() {
        float[] out = new float[65539];
        KvKernels.widenBf16(everyBitPattern(), 0, out, 0, 65539);

        for (int b = 0; b < 65536; b++) {
            assertThat(Float.floatToRawIntBits(out[b])).as("bf16 0x%04x", b)
                    .isEqualTo(Float.floatToRawIntBits(Half.bf16ToFloat((short) b)));
        }
    }

    @Test
    void fourWayKernelsEqualTheirSingleForms() {
        SplittableRandom random = new SplittableRandom(8);
        for (int n : new int[] {128, 80, 13}) {
            float[] q = new float[4 * n];
            float[] k = new float[4 * n];
            for (int i = 0; i < 4 * n; i++) {
                q[i] = (float) random.nextGaussian();
                k[i] = (float) random.nextGaussian();
            }
            float[] scores = new float[8];
            KvKernels.dot4(q, 0, n, k, 0, n, scores, 0, 2);
            float[] w = {0.1f, 0.2f, 0.3f, 0.4f};
            float[] single = new float[n];
            float[] four = new float[n];
            KvKernels.axpy4(w, 0, 1, k, 0, n, four, 0, n);
            for (int r = 0; r < 4; r++) {
                assertThat(scores[2 * r]).isCloseTo(KvKernels.dot(q, r * n, k, 0, n), within(1e-4f));
                KvKernels.axpy(w[r], k, r * n, single, 0, n);
            }
            assertThat(four).containsExactly(single, within(1e-6f));
        }
    }
}
