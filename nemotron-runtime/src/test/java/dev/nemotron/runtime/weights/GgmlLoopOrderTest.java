package dev.nemotron.runtime.weights;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The dequantizers against a second formulation of each layout on random blocks: the pointer-walking loop order
 * in which ggml's {@code dequantize_row_*} and {@code vec_dot_*} functions visit the bytes (output element by
 * output element, shifting masks as they go), written out here without sharing any code with the formats.
 */
class GgmlLoopOrderTest {

    private final Random random = new Random(31);

    /** A random block whose fp16 fields at {@code halves} hold small normal values. */
    private byte[] randomBlock(GgmlType type, int... halves) {
        byte[] b = new byte[type.typeSize()];
        random.nextBytes(b);
        for (int at : halves) {
            short h = Float.floatToFloat16((float) (random.nextGaussian() * 0.01));
            b[at] = (byte) h;
            b[at + 1] = (byte) (h >> 8);
        }
        return b;
    }

    private static float half(byte[] b, int at) {
        return Float.float16ToFloat((short) ((b[at] & 0xff) | (b[at + 1] & 0xff) << 8));
    }

    private static int u(byte[] b, int at) {
        return b[at] & 0xff;
    }

    private static float[] dequantize(GgmlType type, byte[] block) {
        float[] out = new float[type.blockSize()];
        WeightFormats.of(type).dequantize(MemorySegment.ofArray(block), 0, out, 0, out.length);
        return out;
    }

    @Test
    void q2_kMatchesTheHalfPlaneLoop() {
        for (int trial = 0; trial < 50; trial++) {
            byte[] x = randomBlock(GgmlType.Q2_K, 80, 82);
            float d = half(x, 80);
            float min = half(x, 82);
            float[] y = new float[256];
            int out = 0;
            int is = 0;
            for (int n = 0, q = 16; n < 256; n += 128, q += 32) {
                for (int shift = 0; shift < 8; shift += 2) {
                    for (int part = 0; part < 2; part++) {
                        int sc = u(x, is++);
                        for (int l = 0; l < 16; l++) {
                            y[out++] = d * (sc & 15) * ((u(x, q + l + 16 * part) >> shift) & 3) - min * (sc >> 4);
                        }
                    }
                }
            }
            assertThat(dequantize(GgmlType.Q2_K, x)).containsExactly(y);
        }
    }

    @Test
    void q3_kMatchesTheMaskArithmeticAndHmaskLoop() {
        for (int trial = 0; trial < 50; trial++) {
            byte[] x = randomBlock(GgmlType.Q3_K, 108);
            int[] aux = new int[4];
            for (int i = 0; i < 3; i++) {
                aux[i] = u(x, 96 + 4 * i) | u(x, 97 + 4 * i) << 8 | u(x, 98 + 4 * i) << 16 | u(x, 99 + 4 * i) << 24;
            }
            int tmp = aux[2];
            aux[2] = ((aux[0] >>> 4) & 0x0f0f0f0f) | (((tmp >>> 4) & 0x03030303) << 4);
            aux[3] = ((aux[1] >>> 4) & 0x0f0f0f0f) | (((tmp >>> 6) & 0x03030303) << 4);
            aux[0] = (aux[0] & 0x0f0f0f0f) | ((tmp & 0x03030303) << 4);
            aux[1] = (aux[1] & 0x0f0f0f0f) | (((tmp >>> 2) & 0x03030303) << 4);
            float dAll = half(x, 108);
            float[] y = new float[256];
            int out = 0;
            int is = 0;
            int m = 1;
            for (int n = 0, q = 32; n < 256; n += 128, q += 32) {
                for (int shift = 0; shift < 8; shift += 2) {
                    for (int part = 0; part < 2; part++) {
                        int scale = (aux[is / 4] >>> (8 * (is % 4))) & 0xff;
                        is++;
                        float dl = dAll * (scale - 32);
                        for (int l = 16 * part; l < 16 * part + 16; l++) {
                            int low = (u(x, q + l) >> shift) & 3;
                            y[out++] = dl * (low - ((u(x, l) & m) != 0 ? 0 : 4));
                        }
                    }
                    m <<= 1;
                }
            }
            assertThat(dequantize(GgmlType.Q3_K, x)).containsExactly(y);
        }
    }

    @Test
    void q4_kAndQ5_kMatchTheChunkLoopWithMovingHighBitMasks() {
        for (GgmlType type : new GgmlType[] {GgmlType.Q4_K, GgmlType.Q5_K}) {
            boolean five = type == GgmlType.Q5_K;
            for (int trial = 0; trial < 50; trial++) {
                byte[] x = randomBlock(type, 0, 2);
                float d = half(x, 0);
                float min = half(x, 2);
                float[] y = new float[256];
                int out = 0;
                int is = 0;
                int u1 = 1;
                int u2 = 2;
                for (int j = 0, q = five ? 48 : 16; j < 256; j += 64, q += 32) {
                    int[] first = scaleMin(x, is);
                    int[] second = scaleMin(x, is + 1);
                    for (int l = 0; l < 32; l++) {
                        int high = five && (u(x, 16 + l) & u1) != 0 ? 16 : 0;
                        y[out++] = d * first[0] * ((u(x, q + l) & 15) + high) - min * first[1];
                    }
                    for (int l = 0; l < 32; l++) {
                        int high = five && (u(x, 16 + l) & u2) != 0 ? 16 : 0;
                        y[out++] = d * second[0] * ((u(x, q + l) >> 4) + high) - min * second[1];
                    }
                    is += 2;
                    u1 <<= 2;
                    u2 <<= 2;
                }
                assertThat(dequantize(type, x)).as(type.name()).containsExactly(y);
            }
        }
    }

    /** ggml's {@code get_scale_min_k4} over the 12 scale bytes at offset 4. */
    private static int[] scaleMin(byte[] x, int j) {
        int q = 4;
        if (j < 4) {
            return new int[] {u(x, q + j) & 63, u(x, q + j + 4) & 63};
        }
        return new int[] {(u(x, q + j + 4) & 15) | (u(x, q + j - 4) >> 6) << 4,
                (u(x, q + j + 4) >> 4) | (u(x, q + j) >> 6) << 4};
    }

    @Test
    void q6_kMatchesTheFourOutputsPerByteLoop() {
        for (int trial = 0; trial < 50; trial++) {
            byte[] x = randomBlock(GgmlType.Q6_K, 208);
            float d = half(x, 208);
            float[] y = new float[256];
            for (int n = 0, ql = 0, qh = 128, sc = 192, at = 0; n < 256; n += 128, ql += 64, qh += 32, sc += 8) {
                for (int l = 0; l < 32; l++) {
                    int is = l / 16;
                    int q1 = ((u(x, ql + l) & 15) | ((u(x, qh + l) >> 0) & 3) << 4) - 32;
                    int q2 = ((u(x, ql + l + 32) & 15) | ((u(x, qh + l) >> 2) & 3) << 4) - 32;
                    int q3 = ((u(x, ql + l) >> 4) | ((u(x, qh + l) >> 4) & 3) << 4) - 32;
                    int q4 = ((u(x, ql + l + 32) >> 4) | ((u(x, qh + l) >> 6) & 3) << 4) - 32;
                    y[at + l] = d * x[sc + is] * q1;
                    y[at + l + 32] = d * x[sc + is + 2] * q2;
                    y[at + l + 64] = d * x[sc + is + 4] * q3;
                    y[at + l + 96] = d * x[sc + is + 6] * q4;
                }
                at += 128;
            }
            assertThat(dequantize(GgmlType.Q6_K, x)).containsExactly(y);
        }
    }

    @Test
    void iq4_xsMatchesTheShiftingScalesHLoop() {
        for (int trial = 0; trial < 50; trial++) {
            byte[] x = randomBlock(GgmlType.IQ4_XS, 0);
            float d = half(x, 0);
            int h = u(x, 2) | u(x, 3) << 8;
            float[] y = new float[256];
            for (int ib = 0; ib < 8; ib += 2) {
                int ls1 = (u(x, 4 + ib / 2) & 15) | ((h << 4) & 0x30);
                int ls2 = (u(x, 4 + ib / 2) >> 4) | ((h << 2) & 0x30);
                h >>= 4;
                for (int k = 0; k < 2; k++) {
                    float dl = d * ((k == 0 ? ls1 : ls2) - 32);
                    int qs = 8 + 16 * (ib + k);
                    for (int j = 0; j < 16; j++) {
                        y[32 * (ib + k) + j] = dl * IQ4_NLFormat.VALUES[u(x, qs + j) & 15];
                        y[32 * (ib + k) + j + 16] = dl * IQ4_NLFormat.VALUES[u(x, qs + j) >> 4];
                    }
                }
            }
            assertThat(dequantize(GgmlType.IQ4_XS, x)).containsExactly(y);
        }
    }

    @Test
    void fiveBitFormatsMatchTheShiftedQhExtraction() {
        for (GgmlType type : new GgmlType[] {GgmlType.Q5_0, GgmlType.Q5_1}) {
            boolean withMin = type == GgmlType.Q5_1;
            for (int trial = 0; trial < 50; trial++) {
                byte[] x = withMin ? randomBlock(type, 0, 2) : randomBlock(type, 0);
                float d = half(x, 0);
                float m = withMin ? half(x, 2) : 0;
                int at = withMin ? 4 : 2;
                long qh = (u(x, at) | u(x, at + 1) << 8 | u(x, at + 2) << 16 | (long) u(x, at + 3) << 24);
                float[] y = new float[32];
                for (int j = 0; j < 16; j++) {
                    int xh0 = (int) (((qh >> j) << 4) & 0x10);
                    int xh1 = (int) ((qh >> (j + 12)) & 0x10);
                    int x0 = ((u(x, at + 4 + j) & 15) | xh0) - (withMin ? 0 : 16);
                    int x1 = ((u(x, at + 4 + j) >> 4) | xh1) - (withMin ? 0 : 16);
                    y[j] = withMin ? x0 * d + m : x0 * d;
                    y[j + 16] = withMin ? x1 * d + m : x1 * d;
                }
                assertThat(dequantize(type, x)).as(type.name()).containsExactly(y);
            }
        }
    }
}
