package dev.nemotron.runtime.weights;

import static dev.nemotron.runtime.weights.FormatFixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.nemotron.runtime.testing.SharedData;

class Q8_0FormatTest {

    private final WeightFormat format = WeightFormats.of(GgmlType.Q8_0);

    @Test
    void dequantizesEachByteTimesTheBlockScale() {
        int[] block = new int[34];
        block[0] = 0x00;
        block[1] = 0x38; // fp16 0x3800 = 0.5
        for (int j = 0; j < 32; j++) {
            block[2 + j] = j - 16;
        }
        block[2 + 31] = -128;
        float[] out = new float[32];
        format.dequantize(bytes(block), 0, out, 0, 32);
        assertThat(out[0]).isEqualTo(-8f);
        assertThat(out[16]).isEqualTo(0f);
        assertThat(out[30]).isEqualTo(7f);
        assertThat(out[31]).isEqualTo(-64f);
    }

    @Test
    void referenceDotMultipliesTheIntegerSumByBothScales() {
        int[] block = new int[34];
        block[1] = 0x40; // fp16 0x4000 = 2
        for (int j = 0; j < 32; j++) {
            block[2 + j] = j % 2 == 0 ? 3 : -1;
        }
        float[] x = new float[32];
        for (int j = 0; j < 32; j++) {
            x[j] = 127f;
        }
        Activations a = new Activations(ActivationType.Q8_0, 32).load(x, 0);
        // 16·3 − 16·1 = 32; activation d = 127/127 = 1, quants all 127; weight d = 2
        assertThat(format.dotReference(bytes(block), 0, a, 0, 32)).isEqualTo(32 * 127 * 2f);
        assertThat(format.dot(bytes(block), 0, a, 0, 32)).isEqualTo(32 * 127 * 2f);
    }

    @Test
    void quantizerRoundsHalvesAwayFromZeroLikeLlamaQuantize() {
        float[] x = new float[32];
        x[0] = 127f;
        x[1] = 2.5f;
        x[2] = -2.5f;
        x[3] = 0.49999997f;
        MemorySegment out = MemorySegment.ofArray(new byte[34]);
        format.quantize(x, 0, 32, out, 0);
        assertThat(out.get(Blocks.SHORT, 0)).isEqualTo((short) 0x3c00);
        assertThat(out.get(ValueLayout.JAVA_BYTE, 2)).isEqualTo((byte) 127);
        assertThat(out.get(ValueLayout.JAVA_BYTE, 3)).isEqualTo((byte) 3);
        assertThat(out.get(ValueLayout.JAVA_BYTE, 4)).isEqualTo((byte) -3);
        assertThat(out.get(ValueLayout.JAVA_BYTE, 5)).isEqualTo((byte) 0);
    }

    @Test
    void quantizingTheGoldenF32WeightsReproducesTheGoldenQ8_0FileByteForByte() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            Map<String, GoldenTensors.Tensor> f32 = GoldenTensors.read(SharedData.goldenModel("tiny-f32"), arena);
            Map<String, GoldenTensors.Tensor> q8 = GoldenTensors.read(SharedData.goldenModel("tiny-q8_0"), arena);
            int compared = 0;
            for (var entry : q8.entrySet()) {
                if (entry.getValue().type() != GgmlType.Q8_0) {
                    continue;
                }
                MemorySegment source = f32.get(entry.getKey()).data();
                float[] values = source.toArray(ValueLayout.JAVA_FLOAT_UNALIGNED);
                MemorySegment encoded = MemorySegment.ofArray(new byte[(int) entry.getValue().data().byteSize()]);
                format.quantize(values, 0, values.length, encoded, 0);
                assertThat(encoded.mismatch(entry.getValue().data())).as(entry.getKey()).isEqualTo(-1L);
                compared++;
            }
            assertThat(compared).isEqualTo(24);
        }
    }

    @Test
    void rejectsACountThatIsNotWholeBlocks() {
        assertThatThrownBy(() -> format.dequantize(bytes(new int[34]), 0, new float[40], 0, 40))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("40 elements").hasMessageContaining("Q8_0");
    }
}
