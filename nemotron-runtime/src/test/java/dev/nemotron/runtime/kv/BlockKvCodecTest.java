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

    /** The key score is the integer q8_0·q8_0 (or q4_0·q8_0) dot product: the dequantized query times the key. */
    @Test
    void keyScoresUseTheQ8_0FormOfTheQuery() {
        SplittableRandom random = new SplittableRandom(11);
        for (String id : new String[] {"q8_0", "q4_0"}) {
            KvCodec codec = KvCodecs.of(id, 0, 128);
            float[] q = new float[128];
            float[] k = new float[128];
            for (int i = 0; i < 128; i++) {
                q[i] = (float) random.nextGaussian();
                k[i] = (float) random.nextGaussian();
            }
            float[] prepared = new float[codec.preparedQueryLength()];
            codec.prepareQuery(q, 0, prepared, 0);
            float[] key = new float[128];
            MemorySegment block = encode(codec, k);
            codec.decode(block, 0, key, 0);

            double expected = 0;
            double exact = 0;
            for (int i = 0; i < 128; i++) {
                float qd = prepared[i] * prepared[128 + i / 32];
                assertThat(Math.abs(qd - q[i])).isLessThanOrEqualTo(Math.abs(prepared[128 + i / 32]) * 0.502f);
                expected += (double) qd * key[i];
                exact += (double) q[i] * k[i];
            }
            float score = codec.score(prepared, 0, block, 0);
            assertThat((double) score).as(id).isCloseTo(expected, within(1e-5 * Math.abs(expected) + 1e-5));
            assertThat((double) score).as(id).isCloseTo(exact, within(id.equals("q8_0") ? 0.5 : 4.0));
        }
    }

    @Test
    void q8_0QueryScalesAreRoundedToHalf() {
        float[] q = ramp();
        float[] prepared = new float[33];

        Q8Blocks.prepareQuery(q, 0, 32, prepared, 0);

        assertThat(prepared[32]).isEqualTo(Half.roundToHalf(16f / 127));
        assertThat(prepared[0]).isEqualTo(-127f);
    }
}
