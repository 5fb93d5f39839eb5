package dev.nemotron.runtime.kv;

import java.lang.foreign.MemorySegment;

/**
 * The inner loops of attention and of unpacking stored vectors. With the {@code jdk.incubator.vector} module
 * present they run in {@link VectorKvKernels}; without it (or with {@code -Dnemotron.vector=false}) in the plain
 * loops here, which compute the same values up to the order of float additions, so the engine still runs, only
 * slower.
 */
final class KvKernels {

    private static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"false".equals(System.getProperty("nemotron.vector"));

    private KvKernels() {
    }

    /** {@code Σ a[ao + i]·b[bo + i]} for {@code i < n}. */
    static float dot(float[] a, int ao, float[] b, int bo, int n) {
        if (VECTOR) {
            return VectorKvKernels.dot(a, ao, b, bo, n);
        }
        float s = 0;
        for (int i = 0; i < n; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    /** {@code y[yo + i] += w·x[xo + i]} for {@code i < n}. */
    static void axpy(float w, float[] x, int xo, float[] y, int yo, int n) {
        if (VECTOR) {
            VectorKvKernels.axpy(w, x, xo, y, yo, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            y[yo + i] += w * x[xo + i];
        }
    }

    /** Four queries {@code q[q0 + j·qStride…]} against one key: {@code out[o + j·outStride]}, j < 4. */
    static void dot4(float[] q, int q0, int qStride, float[] k, int ko, int n, float[] out, int o, int outStride) {
        if (VECTOR) {
            VectorKvKernels.dot4(q, q0, qStride, k, ko, n, out, o, outStride);
            return;
        }
        for (int j = 0; j < 4; j++) {
            out[o + j * outStride] = dot(q, q0 + j * qStride, k, ko, n);
        }
    }

    /** Four weighted vectors into one accumulator: {@code y += Σ_j w[wo + j·wStride]·x[xo + j·xStride…]}. */
    static void axpy4(float[] w, int wo, int wStride, float[] x, int xo, int xStride, float[] y, int yo, int n) {
        if (VECTOR) {
            VectorKvKernels.axpy4(w, wo, wStride, x, xo, xStride, y, yo, n);
            return;
        }
        float w0 = w[wo];
        float w1 = w[wo + wStride];
        float w2 = w[wo + 2 * wStride];
        float w3 = w[wo + 3 * wStride];
        for (int i = 0; i < n; i++) {
            float acc = y[yo + i] + w0 * x[xo + i];
            acc += w1 * x[xo + xStride + i];
            acc += w2 * x[xo + 2 * xStride + i];
            y[yo + i] = acc + w3 * x[xo + 3 * xStride + i];
        }
    }

    /** {@code out[o + i]} = the F16 value at {@code off + 2i}, for {@code i < n}. */
    static void widenF16(MemorySegment data, long off, float[] out, int o, int n) {
        if (VECTOR) {
            VectorKvKernels.widenF16(data, off, out, o, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            out[o + i] = Float.float16ToFloat(data.get(KvLayouts.SHORT, off + 2L * i));
        }
    }

    /** {@code out[o + i]} = the BF16 value at {@code off + 2i}, for {@code i < n}. */
    static void widenBf16(MemorySegment data, long off, float[] out, int o, int n) {
        if (VECTOR) {
            VectorKvKernels.widenBf16(data, off, out, o, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            out[o + i] = Float.intBitsToFloat(data.get(KvLayouts.SHORT, off + 2L * i) << 16);
        }
    }

    /** The 32 values {@code d·q} of a q8_0 block whose int8 quants start at {@code off}. */
    static void widenQ8(MemorySegment data, long off, float d, float[] out, int o) {
        if (VECTOR) {
            VectorKvKernels.widenQ8(data, off, d, out, o);
            return;
        }
        for (int i = 0; i < 32; i++) {
            out[o + i] = data.get(KvLayouts.BYTE, off + i) * d;
        }
    }

    /** The 32 values {@code d·(q − 8)} of a q4_0 block whose 16 nibble bytes start at {@code off}. */
    static void widenQ4(MemorySegment data, long off, float d, float[] out, int o) {
        if (VECTOR) {
            VectorKvKernels.widenQ4(data, off, d, out, o);
            return;
        }
        for (int i = 0; i < 16; i++) {
            int packed = data.get(KvLayouts.BYTE, off + i);
            out[o + i] = ((packed & 15) - 8) * d;
            out[o + 16 + i] = (((packed >> 4) & 15) - 8) * d;
        }
    }

    /**
     * {@code out[o + j] = norm·centroids[index_j]} for the {@code n} indices of one codebook part packed at
     * {@code base}: 2 bits four to a byte; 3 bits in groups of eight, the low two bits of each in a 16-bit word
     * and the third in the following byte area; 4 bits two to a byte, low nibble first.
     */
    static void expandCodebook(MemorySegment data, long base, int bits, int n, float[] centroids, float norm,
            float[] out, int o) {
        if (VECTOR) {
            VectorKvKernels.expandCodebook(data, base, bits, n, centroids, norm, out, o);
            return;
        }
        for (int j = 0; j < n; j++) {
            int index = switch (bits) {
                case 2 -> (data.get(KvLayouts.BYTE, base + j / 4) >> 2 * (j % 4)) & 3;
                case 3 -> ((data.get(KvLayouts.SHORT, base + 2L * (j / 8)) >> 2 * (j % 8)) & 3)
                        | ((data.get(KvLayouts.BYTE, base + n / 4 + j / 8) >> (j % 8)) & 1) << 2;
                default -> (data.get(KvLayouts.BYTE, base + j / 2) >> 4 * (j % 2)) & 15;
            };
            out[o + j] = norm * centroids[index];
        }
    }
}
