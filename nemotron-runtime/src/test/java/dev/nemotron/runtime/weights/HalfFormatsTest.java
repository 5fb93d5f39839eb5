package dev.nemotron.runtime.weights;

import static dev.nemotron.runtime.weights.FormatFixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.Test;

class HalfFormatsTest {

    private final WeightFormat f16 = WeightFormats.of(GgmlType.F16);
    private final WeightFormat bf16 = WeightFormats.of(GgmlType.BF16);

    @Test
    void f16DequantizesNormalSubnormalAndSpecialHalves() {
        // 1.0, -2.0, smallest subnormal 2^-24, 65504, +inf, -0
        MemorySegment data = bytes(0x00, 0x3c, 0x00, 0xc0, 0x01, 0x00, 0xff, 0x7b, 0x00, 0x7c, 0x00, 0x80);
        float[] out = new float[6];
        f16.dequantize(data, 0, out, 0, 6);
        assertThat(out).containsExactly(1f, -2f, 0x1p-24f, 65504f, Float.POSITIVE_INFINITY, -0f);
    }

    @Test
    void f16VectorKernelWidensEveryHalfBitPatternExactly() {
        int count = 65536;
        MemorySegment data = MemorySegment.ofArray(new byte[2 * count]);
        for (int h = 0; h < count; h++) {
            data.set(Blocks.SHORT, 2L * h, (short) h);
        }
        Activations x = new Activations(ActivationType.F32, 8);
        float[] one = new float[8];
        for (int h = 0; h < count; h += 8) {
            for (int lane = 0; lane < 8; lane++) {
                java.util.Arrays.fill(one, 0);
                one[lane] = 1;
                x.load(one, 0);
                float expected = Float.float16ToFloat((short) (h + lane));
                float actual = f16.dot(data, 2L * h, x, 0, 8);
                if (Float.isNaN(expected)) {
                    assertThat(actual).isNaN();
                } else if (Float.isFinite(expected)) {
                    assertThat(actual).as("half 0x%04x", h + lane).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void vectorDotHandlesRowsThatAreNotAMultipleOfTheVectorWidth() {
        java.util.Random random = new java.util.Random(3);
        for (WeightFormat format : new WeightFormat[] {f16, bf16, WeightFormats.of(GgmlType.F32)}) {
            for (int columns = 1; columns <= 70; columns++) {
                float[] row = FormatFixtures.gaussianRow(random, columns, 1);
                MemorySegment data = FormatFixtures.encode(format, row);
                Activations x = new Activations(format.activationType(), columns)
                        .load(FormatFixtures.gaussianRow(random, columns, 1), 0);
                double noise = 1e-6 * FormatFixtures.absDot(FormatFixtures.decode(format, data, columns), x.values());
                assertThat(format.dot(data, 0, x, 0, columns)).as("%s, %d columns", format.type(), columns)
                        .isCloseTo(format.dotReference(data, 0, x, 0, columns),
                                org.assertj.core.api.Assertions.within((float) noise));
            }
        }
    }

    @Test
    void bf16DequantizesTheUpperHalfOfAFloat() {
        // 1.0 = 0x3f80, -3.5 = 0xc060
        float[] out = new float[2];
        bf16.dequantize(bytes(0x80, 0x3f, 0x60, 0xc0), 0, out, 0, 2);
        assertThat(out).containsExactly(1f, -3.5f);
    }

    @Test
    void bf16QuantizerRoundsToNearestEven() {
        float[] x = {Float.intBitsToFloat(0x3f808000), Float.intBitsToFloat(0x3f818000), 1.0f};
        MemorySegment out = MemorySegment.ofArray(new byte[6]);
        bf16.quantize(x, 0, 3, out, 0);
        assertThat(out.get(Blocks.SHORT, 0)).isEqualTo((short) 0x3f80);
        assertThat(out.get(Blocks.SHORT, 2)).isEqualTo((short) 0x3f82);
        assertThat(out.get(Blocks.SHORT, 4)).isEqualTo((short) 0x3f80);
    }

    @Test
    void activationsAreRoundedToTheWeightsHalfFormat() {
        float x = 1.0009766f + 1e-4f;
        assertThat(f16.activationType()).isEqualTo(ActivationType.F16);
        assertThat(bf16.activationType()).isEqualTo(ActivationType.BF16);
        float[] row = new float[1];
        row[0] = x;
        assertThat(new Activations(ActivationType.F16, 1).load(row, 0).values()[0]).isEqualTo(1.0009766f);
        assertThat(new Activations(ActivationType.BF16, 1).load(row, 0).values()[0]).isEqualTo(1.0f);
    }
}
