package dev.nemotron.runtime.kv;

import dev.nemotron.runtime.weights.Half;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The llama.cpp block codecs q8_0 and q4_0, checked against ggml's block layouts written out by hand. */
class BlockKvCodecTest {

    private static MemorySegment encode(KvCodec codec, float[] x) {
        MemorySegment block = Arena.ofAuto().allocate(codec.bytesPerVector());
        codec.encode(x, 0, block, 0);
        return block;
    }

    private static float[] ramp() {
        float[] x = new float[32];
        for (int i = 0; i < 32; i++) {
            x[i] = i - 16;
        }
        return x;
    }

    @Test
    void q8_0StoresAHalfScaleAndRoundedBytes() {
        KvCodec codec = KvCodecs.of("q8_0", 0, 32);
        MemorySegment block = encode(codec, ramp());

        assertThat(codec.bytesPerVector()).isEqualTo(34);
        assertThat(block.get(ValueLayout.JAVA_SHORT_UNALIGNED, 0)).isEqualTo(Float.floatToFloat16(16f / 127));
        for (int i = 0; i < 32; i++) {
            assertThat(block.get(ValueLayout.JAVA_BYTE, 2 + i)).isEqualTo((byte) Math.rint((i - 16) * 127.0 / 16));
        }
    }

    @Test
    void q4_0PacksElementJAndJPlus16IntoByteJ() {
        KvCodec codec = KvCodecs.of("q4_0", 0, 32);
        MemorySegment block = encode(codec, ramp());

        assertThat(codec.bytesPerVector()).isEqualTo(18);
        // the largest magnitude is -16, so d = -16 / -8 = 2 and q = trunc(x/2 + 8.5)
        assertThat(Float.float16ToFloat(block.get(ValueLayout.JAVA_SHORT_UNALIGNED, 0))).isEqualTo(2f);
        for (int j = 0; j < 16; j++) {
            int low = Math.min(15, (int) ((j - 16) / 2.0 + 8.5));
            int high = Math.min(15, (int) (j / 2.0 + 8.5));
            assertThat(block.get(ValueLayout.JAVA_BYTE, 2 + j)).isEqualTo((byte) (low | high << 4));
        }
    }

    @Test
    void blockCodecsRejectHeadDimensionsThatAreNotWholeBlocks() {
        assertThatThrownBy(() -> KvCodecs.of("q4_0", 0, 48))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("q4_0").hasMessageContaining("48");
    }

    /** The integer part of element {@code i} of a stored q8_0 or q4_0 vector, read from the raw block bytes. */
    private static int storedInteger(String id, MemorySegment data, int i) {
        int b = i / 32;
        if (id.equals("q8_0")) {
            return data.get(ValueLayout.JAVA_BYTE, b * 34L + 2 + i % 32);
        }
        int packed = data.get(ValueLayout.JAVA_BYTE, b * 18L + 2 + i % 16) & 0xff;
        return (i % 32 < 16 ? packed & 15 : packed >> 4) - 8;
    }

    private static float storedScale(String id, MemorySegment data, int b) {
        return Float.float16ToFloat(data.get(ValueLayout.JAVA_SHORT_UNALIGNED, b * (id.equals("q8_0") ? 34L : 18L)));
    }

    private static float[] gaussian(SplittableRandom random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    /**
     * ggml's q8_0 and q4_0 matmul: the query is quantized to q8_0 (fp16 d_q = amax/127, q_q = rint(x·127/amax)) and
     * the score is {@code Σ_b d_k·d_q·Σ q_k·q_q}; the F32 dot product of the codec's two forms must equal it. (Head
     * dimension 96: not a multiple of 64, so llama.cpp does not rotate.)
     */
    @Test
    void keyScoresEqualGgmlsIntegerDotProductWithTheQ8_0Query() {
        SplittableRandom random = new SplittableRandom(11);
        int dim = 96;
        for (String id : new String[] {"q8_0", "q4_0"}) {
            KvCodec codec = KvCodecs.forKeys(id, 0, dim);
            float[] q = gaussian(random, dim);
            float[] k = gaussian(random, dim);
            float[] prepared = new float[dim];
            float[] expanded = new float[dim];
            codec.prepareQuery(q, 0, prepared, 0);
            MemorySegment block = encode(codec, k);
            codec.expand(block, 0, expanded, 0);

            double ggml = 0;
            double exact = 0;
            for (int b = 0; b < dim / 32; b++) {
                float amax = 0;
                for (int i = 0; i < 32; i++) {
                    amax = Math.max(amax, Math.abs(q[32 * b + i]));
                }
                long integerDot = 0;
                for (int i = 32 * b; i < 32 * b + 32; i++) {
                    integerDot += (long) Math.rint(q[i] * (127 / amax)) * storedInteger(id, block, i);
                    exact += (double) q[i] * k[i];
                }
                ggml += (double) storedScale(id, block, b) * Half.roundToHalf(amax / 127) * integerDot;
            }
            double score = KvKernels.dot(prepared, 0, expanded, 0, dim);
            assertThat(score).as(id).isCloseTo(ggml, within(1e-6 * Math.abs(ggml) + 1e-6));
            assertThat(score).as(id).isCloseTo(exact, within(id.equals("q8_0") ? 0.5 : 4.0));
        }
    }

    /** The Sylvester–Hadamard matrix of order n, normalized: H_ij = (−1)^popcount(i & j) / √n. */
    private static double hadamard(int n, int i, int j) {
        return (Integer.bitCount(i & j) % 2 == 0 ? 1 : -1) / Math.sqrt(n);
    }

    @Test
    void llamaCppRotationUsesTheLargestPowerOfTwoBlockForKeysAnd64ForValues() {
        assertThat(block(KvCodecs.forKeys("q8_0", 0, 128))).isEqualTo(128);
        assertThat(block(KvCodecs.forValues("q8_0", 0, 128))).isEqualTo(64);
        assertThat(block(KvCodecs.forKeys("q4_0", 0, 192))).isEqualTo(64);
        assertThat(block(KvCodecs.forKeys("q4_0", 0, 256))).isEqualTo(256);
        assertThat(((BlockKvCodec) KvCodecs.forKeys("q8_0", 0, 96)).rotation()).isNull();
        assertThat(((BlockKvCodec) KvCodecs.forValues("q8_0", 0, 32)).rotation()).isNull();
    }

    private static int block(KvCodec codec) {
        return ((HadamardRotation) ((BlockKvCodec) codec).rotation()).block();
    }

    @Test
    void hadamardRotationIsTheNormalizedSylvesterMatrixPerBlock() {
        SplittableRandom random = new SplittableRandom(12);
        float[] x = gaussian(random, 128);
        float[] y = x.clone();
        new HadamardRotation(128, 64).forward(y, 0);

        for (int i = 0; i < 128; i++) {
            double expected = 0;
            int base = i / 64 * 64;
            for (int j = 0; j < 64; j++) {
                expected += hadamard(64, i - base, j) * x[base + j];
            }
            assertThat((double) y[i]).isCloseTo(expected, within(1e-5));
        }
    }

    /** With the rotation, keys are scored as the unrotated codec scores the rotated query and key. */
    @Test
    void rotatedBlockCodecScoresTheRotatedVectors() {
        SplittableRandom random = new SplittableRandom(14);
        KvCodec rotated = KvCodecs.forKeys("q8_0", 0, 128);
        KvCodec plain = new Q8_0KvCodec(128, null);
        float[] q = gaussian(random, 128);
        float[] k = gaussian(random, 128);
        Rotation h = new HadamardRotation(128, 128);
        float[] hq = q.clone();
        float[] hk = k.clone();
        h.forward(hq, 0);
        h.forward(hk, 0);

        float[] preparedRotated = new float[128];
        float[] preparedPlain = new float[128];
        rotated.prepareQuery(q, 0, preparedRotated, 0);
        plain.prepareQuery(hq, 0, preparedPlain, 0);
        float[] expandedRotated = new float[128];
        float[] expandedPlain = new float[128];
        rotated.expand(encode(rotated, k), 0, expandedRotated, 0);
        plain.expand(encode(plain, hk), 0, expandedPlain, 0);

        assertThat(preparedRotated).containsExactly(preparedPlain);
        assertThat(expandedRotated).containsExactly(expandedPlain);
    }

    @Test
    void q8_0QueryIsTheHalfScaleTimesTheRoundedIntegers() {
        float[] q = ramp();
        float[] prepared = new float[32];

        Q8Blocks.prepareQuery(q, 0, 32, prepared, 0);

        assertThat(prepared[0]).isEqualTo(Half.roundToHalf(16f / 127) * -127);
        assertThat(prepared[16]).isZero();
    }
}
