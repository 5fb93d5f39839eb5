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

    /**
     * ggml's q8_0 and q4_0 matmul: the query is quantized to q8_0 (fp16 d_q = amax/127, q_q = rint(x·127/amax)) and
     * the score is {@code Σ_b d_k·d_q·Σ q_k·q_q}; the F32 dot product of the codec's two forms must equal it.
     */
    @Test
    void keyScoresEqualGgmlsIntegerDotProductWithTheQ8_0Query() {
        SplittableRandom random = new SplittableRandom(11);
        for (String id : new String[] {"q8_0", "q4_0"}) {
            KvCodec codec = KvCodecs.of(id, 0, 128);
            float[] q = new float[128];
            float[] k = new float[128];
            for (int i = 0; i < 128; i++) {
                q[i] = (float) random.nextGaussian();
                k[i] = (float) random.nextGaussian();
            }
            float[] prepared = new float[128];
            float[] expanded = new float[128];
            codec.prepareQuery(q, 0, prepared, 0);
            MemorySegment block = encode(codec, k);
            codec.expand(block, 0, expanded, 0);

            double ggml = 0;
            double exact = 0;
            for (int b = 0; b < 4; b++) {
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
            double score = KvKernels.dot(prepared, 0, expanded, 0, 128);
            assertThat(score).as(id).isCloseTo(ggml, within(1e-6 * Math.abs(ggml) + 1e-6));
            assertThat(score).as(id).isCloseTo(exact, within(id.equals("q8_0") ? 0.5 : 4.0));
        }
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
