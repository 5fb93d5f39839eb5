package dev.nemotron.runtime.weights;

import static dev.nemotron.runtime.weights.FormatFixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Block layouts of the 32-weight nibble formats on hand-built blocks (nemotron-h.md §2.8, ggml-quants.c). */
class NibbleFormatsTest {

    /** A block: {@code header} bytes, then 16 bytes where byte j = (high << 4) | low. */
    private static int[] block(int[] header, int low, int high) {
        int[] b = new int[header.length + 16];
        System.arraycopy(header, 0, b, 0, header.length);
        for (int j = 0; j < 16; j++) {
            b[header.length + j] = (high << 4) | low;
        }
        return b;
    }

    private static float[] dequantize(GgmlType type, int[] block) {
        float[] out = new float[32];
        WeightFormats.of(type).dequantize(bytes(block), 0, out, 0, 32);
        return out;
    }

    @Test
    void q4_0LowNibblesAreElements0To15AndHighNibbles16To31() {
        int[] b = block(new int[] {0x00, 0x40}, 0, 0); // d = 2
        b[2] = 0xF3; // element 0 = 3 − 8, element 16 = 15 − 8
        float[] y = dequantize(GgmlType.Q4_0, b);
        assertThat(y[0]).isEqualTo(-10f);
        assertThat(y[16]).isEqualTo(14f);
        assertThat(y[1]).isEqualTo(-16f);
    }

    @Test
    void q4_1AddsTheMinimumToScaledUnsignedNibbles() {
        int[] b = block(new int[] {0x00, 0x38, 0x00, 0xbc}, 2, 15); // d = 0.5, m = −1
        float[] y = dequantize(GgmlType.Q4_1, b);
        assertThat(y[0]).isEqualTo(0f);
        assertThat(y[31]).isEqualTo(6.5f);
        assertThat(WeightFormats.of(GgmlType.Q4_1).activationType()).isEqualTo(ActivationType.Q8_1);
    }

    @Test
    void q5_0TakesBitJOfQhAsTheFifthBitOfElementJ() {
        // qh little-endian: bit 0 (element 0) and bit 16 (element 16) and bit 31 (element 31)
        int[] b = block(new int[] {0x00, 0x3c, 0x01, 0x00, 0x01, 0x80}, 0, 0);
        float[] y = dequantize(GgmlType.Q5_0, b);
        assertThat(y[0]).isEqualTo(0f);
        assertThat(y[1]).isEqualTo(-16f);
        assertThat(y[16]).isEqualTo(0f);
        assertThat(y[15]).isEqualTo(-16f);
        assertThat(y[31]).isEqualTo(0f);
    }

    @Test
    void q5_1HasNoOffsetButAMinimum() {
        int[] b = block(new int[] {0x00, 0x3c, 0x00, 0x3c, 0x00, 0x00, 0x00, 0x80}, 15, 15); // d = 1, m = 1
        float[] y = dequantize(GgmlType.Q5_1, b);
        assertThat(y[0]).isEqualTo(16f);
        assertThat(y[31]).isEqualTo(32f);
    }

    @Test
    void iq4_nlLooksNibblesUpInTheNonLinearGrid() {
        int[] b = block(new int[] {0x00, 0x38}, 0, 15); // d = 0.5
        b[2 + 3] = 0x78;
        float[] y = dequantize(GgmlType.IQ4_NL, b);
        assertThat(y[0]).isEqualTo(-63.5f);
        assertThat(y[16]).isEqualTo(56.5f);
        assertThat(y[3]).isEqualTo(0.5f);
        assertThat(y[19]).isEqualTo(-5f);
    }

    @Test
    void mxfp4ScalesTheDoubledE2M1GridByTwoToTheEMinus128() {
        int[] b = block(new int[] {130}, 0, 0); // 2^(130−128) = 4
        b[1] = 0xF7; // element 0 = 12 (E2M1 6.0 doubled), element 16 = −12
        b[2] = 0x91; // element 1 = 1, element 17 = −1
        float[] y = dequantize(GgmlType.MXFP4, b);
        assertThat(y[0]).isEqualTo(48f);
        assertThat(y[16]).isEqualTo(-48f);
        assertThat(y[1]).isEqualTo(4f);
        assertThat(y[17]).isEqualTo(-4f);
        assertThat(y[2]).isEqualTo(0f);
    }

    @Test
    void mxfp4ExponentsBelowTwoAreSubnormal() {
        assertThat(MXFP4Format.halfScale(0)).isEqualTo(0x1p-128f);
        assertThat(MXFP4Format.halfScale(1)).isEqualTo(0x1p-127f);
        assertThat(MXFP4Format.halfScale(2)).isEqualTo(0x1p-126f);
        assertThat(MXFP4Format.halfScale(128)).isEqualTo(1f);
        assertThat(MXFP4Format.halfScale(255)).isEqualTo(0x1p127f);
    }

    @Test
    void q4_1DotAddsTheMinimumTimesTheActivationBlockSum() {
        int[] b = block(new int[] {0x00, 0x3c, 0x00, 0x40}, 1, 1); // d = 1, m = 2, every code 1
        float[] x = new float[32];
        java.util.Arrays.fill(x, 127f);
        Activations a = new Activations(ActivationType.Q8_1, 32).load(x, 0);
        // Σ code·q = 32·127, d_x = 1; m·s = 2·fp16(1·32·127)
        float expected = 32 * 127 + 2 * Half.roundToHalf(32 * 127);
        WeightFormat format = WeightFormats.of(GgmlType.Q4_1);
        assertThat(format.dotReference(bytes(b), 0, a, 0, 32)).isEqualTo(expected);
        assertThat(format.dot(bytes(b), 0, a, 0, 32)).isEqualTo(expected);
    }

    @Test
    void everyNibbleFormatPairsWithTheActivationTypeGgmlUses() {
        assertThat(WeightFormats.of(GgmlType.Q4_0).activationType()).isEqualTo(ActivationType.Q8_0);
        assertThat(WeightFormats.of(GgmlType.Q5_0).activationType()).isEqualTo(ActivationType.Q8_0);
        assertThat(WeightFormats.of(GgmlType.IQ4_NL).activationType()).isEqualTo(ActivationType.Q8_0);
        assertThat(WeightFormats.of(GgmlType.MXFP4).activationType()).isEqualTo(ActivationType.Q8_0);
        assertThat(WeightFormats.of(GgmlType.Q5_1).activationType()).isEqualTo(ActivationType.Q8_1);
    }
}
