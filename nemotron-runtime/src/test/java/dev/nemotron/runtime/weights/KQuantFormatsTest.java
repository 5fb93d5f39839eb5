package dev.nemotron.runtime.weights;

import static dev.nemotron.runtime.weights.FormatFixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Block layouts of the k-quants and IQ4_XS on hand-built super-blocks, and the packed scales against ggml's
 * other formulation of them (the 32-bit mask arithmetic of its dot kernels).
 */
class KQuantFormatsTest {

    private static float[] dequantize(GgmlType type, int[] block) {
        float[] out = new float[256];
        WeightFormats.of(type).dequantize(bytes(block), 0, out, 0, 256);
        return out;
    }

    private static int le32(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    private static int byteOf(int word, int index) {
        return (word >>> (8 * index)) & 0xff;
    }

    @Test
    void q4_kScalesAndMinimumsMatchGgmlsMaskArithmetic() {
        Random random = new Random(21);
        for (int trial = 0; trial < 200; trial++) {
            byte[] packed = new byte[12];
            random.nextBytes(packed);
            int[] utmp = {le32(packed, 0), le32(packed, 4), le32(packed, 8), 0};
            utmp[3] = ((utmp[2] >>> 4) & 0x0f0f0f0f) | (((utmp[1] >>> 6) & 0x03030303) << 4);
            int uaux = utmp[1] & 0x3f3f3f3f;
            utmp[1] = (utmp[2] & 0x0f0f0f0f) | (((utmp[0] >>> 6) & 0x03030303) << 4);
            utmp[2] = uaux;
            utmp[0] &= 0x3f3f3f3f;
            MemorySegment data = MemorySegment.ofArray(packed);
            for (int j = 0; j < 8; j++) {
                assertThat(KQuants.scaleMin(data, 0, j, 0)).as("scale %d", j).isEqualTo(byteOf(utmp[j / 4], j % 4));
                assertThat(KQuants.scaleMin(data, 0, j, 1)).as("min %d", j).isEqualTo(byteOf(utmp[2 + j / 4], j % 4));
                assertThat(KQuants.scaleMins(data, 0, 0) >>> (8 * j) & 0xff).isEqualTo(KQuants.scaleMin(data, 0, j, 0));
                assertThat(KQuants.scaleMins(data, 0, 1) >>> (8 * j) & 0xff).isEqualTo(KQuants.scaleMin(data, 0, j, 1));
            }
        }
    }

    @Test
    void q3_kScalesMatchGgmlsMaskArithmetic() {
        Random random = new Random(22);
        for (int trial = 0; trial < 200; trial++) {
            byte[] packed = new byte[12];
            random.nextBytes(packed);
            int[] aux = {le32(packed, 0), le32(packed, 4), le32(packed, 8), 0};
            int tmp = aux[2];
            aux[2] = ((aux[0] >>> 4) & 0x0f0f0f0f) | (((tmp >>> 4) & 0x03030303) << 4);
            aux[3] = ((aux[1] >>> 4) & 0x0f0f0f0f) | (((tmp >>> 6) & 0x03030303) << 4);
            aux[0] = (aux[0] & 0x0f0f0f0f) | ((tmp & 0x03030303) << 4);
            aux[1] = (aux[1] & 0x0f0f0f0f) | (((tmp >>> 2) & 0x03030303) << 4);
            MemorySegment data = MemorySegment.ofArray(packed);
            for (int s = 0; s < 16; s++) {
                assertThat(Q3_KFormat.packedScale(data, 0, s)).as("scale %d", s)
                        .isEqualTo(byteOf(aux[s / 4], s % 4) - 32);
            }
        }
    }

    @Test
    void q4_kSubBlocksBelowAndAboveFourUseTheirOwnScaleBytes() {
        int[] b = new int[144];
        b[1] = 0x3c; // d = 1
        b[3] = 0x38; // dmin = 0.5
        b[4 + 1] = 0xC3; // sub-block 1: scale 3, top bits 3 go to sub-block 5's scale
        b[4 + 5] = 0x02; // sub-block 1: min 2
        b[4 + 9] = 0x71; // sub-blocks 5: scale low nibble 1, min low nibble 7
        b[16 + 0] = 0x50; // chunk 0 byte 0: sub-block 0 code 0, sub-block 1 code 5
        b[16 + 64] = 0x04; // chunk 2 byte 0: sub-block 4 code 4, sub-block 5 code 0
        b[16 + 64 + 1] = 0x20; // sub-block 5 element 1: code 2
        float[] y = dequantize(GgmlType.Q4_K, b);
        assertThat(y[32]).isEqualTo(3 * 5 - 0.5f * 2);
        assertThat(y[33]).isEqualTo(-0.5f * 2);
        // sub-block 5: scale = 1 | 3 << 4 = 49, min = 7 | (byte 5 >> 6 = 0) << 4 = 7
        assertThat(y[160]).isEqualTo(-0.5f * 7);
        assertThat(y[161]).isEqualTo(49 * 2 - 0.5f * 7);
        // sub-block 4: scale = (byte 12 & 15) | (byte 0 >> 6) << 4 = 0
        assertThat(y[128]).isEqualTo(0f);
    }

    @Test
    void q5_kTakesBitJOfQhAsTheFifthBitOfSubBlockJ() {
        int[] b = new int[176];
        b[1] = 0x3c; // d = 1, dmin = 0
        for (int j = 0; j < 4; j++) {
            b[4 + j] = 1; // scales of sub-blocks 0..3 = 1
        }
        b[16 + 3] = 0b0000_0100; // element 3 of sub-block 2 gets +16
        b[48 + 32 + 3] = 0x21; // chunk 1 byte 3: sub-block 2 code 1, sub-block 3 code 2
        float[] y = dequantize(GgmlType.Q5_K, b);
        assertThat(y[64 + 3]).isEqualTo(17f);
        assertThat(y[96 + 3]).isEqualTo(2f);
        assertThat(y[3]).isEqualTo(0f);
    }

    @Test
    void q6_kSecondHalfReadsItsOwnQlQhAndScales() {
        int[] b = new int[210];
        b[209] = 0x3c; // d = 1
        for (int s = 0; s < 16; s++) {
            b[192 + s] = s + 1;
        }
        // element 128 + 64 + 5 (half 1, k = 2: high nibble of ql[64 + 5], bits 4..5 of qh[32 + 5])
        b[64 + 5] = 0x70;
        b[128 + 32 + 5] = 0b0010_0000;
        float[] y = dequantize(GgmlType.Q6_K, b);
        int element = 128 + 64 + 5;
        assertThat(y[element]).isEqualTo((element / 16 + 1) * ((7 | 2 << 4) - 32f));
        // element 128 + 5 shares ql[64 + 5]'s low nibble (0) and qh bits 0..1 (0): code −32
        assertThat(y[128 + 5]).isEqualTo((8 + 1) * -32f);
    }

    @Test
    void q2_kPlanesOfOneByteGoToElements32Apart() {
        int[] b = new int[84];
        b[81] = 0x3c; // d = 1
        b[83] = 0x3c; // dmin = 1
        b[0] = 0x12; // sub-block 0: scale 2, min 1
        b[2] = 0x03; // sub-block 2 (elements 32..47): scale 3, min 0
        b[16] = 0b0000_0111; // byte 0: plane 0 = 3 (element 0), plane 1 = 1 (element 32)
        float[] y = dequantize(GgmlType.Q2_K, b);
        assertThat(y[0]).isEqualTo(2 * 3 - 1f);
        assertThat(y[32]).isEqualTo(3 * 1f);
        assertThat(y[1]).isEqualTo(-1f);
    }

    @Test
    void q3_kClearHighBitSubtractsFour() {
        int[] b = new int[110];
        b[109] = 0x3c; // d = 1
        for (int s = 0; s < 8; s++) {
            b[96 + s] = 0x11; // scales s and s+8: low nibble 1 → S = 1 + (top bits 2 << 4) = 33
        }
        for (int s = 0; s < 4; s++) {
            b[96 + 8 + s] = 0xAA; // top bits 2 for every scale
        }
        b[0] = 0b0000_0001; // hmask[0] bit 0: element 0 has its high bit
        b[32] = 0b0000_0110; // element 0: low2 = 2; element 32: low2 = 1
        float[] y = dequantize(GgmlType.Q3_K, b);
        assertThat(y[0]).isEqualTo(2f);
        assertThat(y[32]).isEqualTo(1 - 4f);
        assertThat(y[1]).isEqualTo(-4f);
    }

    @Test
    void iq4_xsSubBlockScalesCombineScalesLNibblesWithScalesHBitPairs() {
        int[] b = new int[136];
        b[1] = 0x3c; // d = 1
        b[2] = 0b1000_0000; // scales_h: bits 6..7 (sub-block 3) = 2
        b[3] = 0b0100_0000; // scales_h: bits 14..15 (sub-block 7) = 1
        b[4 + 1] = 0x5A; // sub-block 2 low nibble 10, sub-block 3 low nibble 5
        b[4 + 3] = 0x40; // sub-block 7 low nibble 4
        b[8 + 16 * 3] = 0xF0; // sub-block 3: element 0 → T[0], element 16 → T[15]
        float[] y = dequantize(GgmlType.IQ4_XS, b);
        int ls3 = (5 | 2 << 4) - 32;
        assertThat(y[96]).isEqualTo(ls3 * -127f);
        assertThat(y[96 + 16]).isEqualTo(ls3 * 113f);
        assertThat(y[64]).isEqualTo((10 - 32) * -127f);
        assertThat(y[224]).isEqualTo(((4 | 1 << 4) - 32) * -127f);
    }
}
