package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix products of the 32-element integer block formats (Q8_0, Q4_0, Q5_0) with a batch of Q8_0 activations.
 *
 * <p>One vector per row, as {@link WeightFormat#dot} computes it, decodes and widens every weight block once per
 * activation vector. For a batch (prefill), four rows are dequantized once to floats on the heap, the batch's Q8_0
 * activations too, and a 4 × 4 register tile of float FMAs multiplies them: every weight is decoded once per
 * batch and then read from L1, and a float FMA does in one instruction what the integer path needs a widening,
 * a multiply, a pair sum and a conversion for. The values are those of the integer path exactly (fp16 scale
 * times an 8-bit code is exact in a float); only rounding of the sums differs. A single vector (decode) reads
 * Q8_0 rows in pairs straight from the mapping with the integer kernel. Each tile is a flat method: a branch
 * between vectors would box them, and so does C2 giving up inlining past its node budget, which an integer
 * tile of four rows by two vectors already exceeds (measured: eight times slower).
 */
final class TileVector {

    /** Block kinds: Q8_0 bytes, or nibble codes with an optional fifth bit and an offset. */
    static final int Q8_0 = 0;
    static final int Q4_0 = 1;
    static final int Q5_0 = 2;

    /** Rows dequantized together for a batch: 4 rows × 4 vectors of accumulators fit AVX-512's 32 registers. */
    private static final int PACKED_ROWS = 4;
    /**
     * Smallest Q8_0 batch worth dequantizing rows for: below it the integer kernel is as fast (measured on a
     * 2688 × 4096 matrix, dequantizing costs about two integer products). The nibble formats, whose integer
     * kernel decodes every block per vector, gain from a batch of two.
     */
    private static final int GEMM_MIN_VECTORS_Q8_0 = 4;
    /**
     * Float shape of the batch product: the preferred species (512 bits with AVX-512), unless
     * {@code -Dnemotron.gemm.bits=256} asks for another to compare. A block of 32 is a whole number of vectors.
     */
    static final VectorSpecies<Float> GEMM_FLOATS = VectorSpecies.of(float.class,
            VectorShape.forBitSize(Integer.getInteger("nemotron.gemm.bits", FloatVector.SPECIES_PREFERRED
                    .vectorBitSize())));
    private static final VectorSpecies<Byte> GEMM_BYTES = VectorSpecies.of(byte.class,
            VectorShape.forBitSize(GEMM_FLOATS.length() * 8));
    private static final ThreadLocal<Unpacked> UNPACKED = ThreadLocal.withInitial(Unpacked::new);

    private TileVector() {
    }

    /**
     * {@code out[outOffset + v·outStride + r] = row r · vector v} for rows {@code [from, to)} and every vector of
     * {@code x}. A single vector (decode) reads Q8_0 rows in pairs straight from the mapping; a batch (prefill)
     * is a float matrix product of four dequantized rows at a time with the dequantized activations. Rows left
     * over from the tiles go through {@code format.dot}.
     */
    static void multiply(int kind, WeightFormat format, MemorySegment data, long byteOffset, long rowBytes,
            int from, int to, Activations x, float[] out, int outOffset, int outStride, int columns) {
        int vectors = x.count();
        int r = from;
        if (vectors >= (kind == Q8_0 ? GEMM_MIN_VECTORS_Q8_0 : 2)) {
            Unpacked unpacked = UNPACKED.get().ensure(columns, vectors);
            unpacked.loadActivations(x);
            for (; r + PACKED_ROWS <= to; r += PACKED_ROWS) {
                unpacked.unpack(kind, data, byteOffset + r * rowBytes, rowBytes, columns);
                int v = 0;
                for (; v + 4 <= vectors; v += 4) {
                    gemm4x4(unpacked, v, out, outOffset + v * outStride + r, outStride);
                }
                for (; v < vectors; v++) {
                    gemm4x1(unpacked, v, out, outOffset + v * outStride + r);
                }
            }
        } else if (kind == Q8_0) {
            for (; r + 2 <= to; r += 2) {
                for (int v = 0; v < vectors; v++) {
                    q8Tile1(data, byteOffset + r * rowBytes, rowBytes, x, v, out, outOffset + v * outStride + r,
                            columns / 32);
                }
            }
        }
        rowByRow(format, data, byteOffset, rowBytes, r, to, x, out, outOffset, outStride, columns);
    }

    /**
     * One {@code format.dot} per row and vector, in a method of its own: inlined into {@link #multiply} with
     * the tiles, the one-row nibble kernels overflowed C2's node budget and ran boxed.
     */
    private static void rowByRow(WeightFormat format, MemorySegment data, long byteOffset, long rowBytes, int from,
            int to, Activations x, float[] out, int outOffset, int outStride, int columns) {
        int vectors = x.count();
        for (int r = from; r < to; r++) {
            for (int v = 0; v < vectors; v++) {
                out[outOffset + v * outStride + r] = format.dot(data, byteOffset + r * rowBytes, x, v, columns);
            }
        }
    }

    /**
     * Four rows and a batch of activations dequantized to floats, row after row. Each float is exact: an fp16
     * scale times a code of at most 8 bits fits a float's 24-bit significand.
     */
    private static final class Unpacked {

        byte[] codes = new byte[0];
        float[] weights = new float[0];
        float[] inputs = new float[0];
        int columns;

        Unpacked ensure(int columns, int vectors) {
            if (codes.length < PACKED_ROWS * columns) {
                codes = new byte[PACKED_ROWS * columns];
                weights = new float[PACKED_ROWS * columns];
            }
            if (inputs.length < vectors * columns) {
                inputs = new float[vectors * columns];
            }
            this.columns = columns;
            return this;
        }

        void loadActivations(Activations x) {
            byte[] q = x.quants();
            float[] scales = x.scales();
            int blocks = x.count() * x.blocks();
            for (int b = 0; b < blocks; b++) {
                dequantize(q, 32 * b, scales[b], inputs);
            }
        }

        void unpack(int kind, MemorySegment data, long row, long rowBytes, int columns) {
            int blocks = columns / 32;
            for (int i = 0; i < PACKED_ROWS; i++) {
                long base = row + i * rowBytes;
                for (int b = 0; b < blocks; b++) {
                    int at = i * columns + 32 * b;
                    if (kind == Q8_0) {
                        long block = base + 34L * b;
                        dequantize(data, block + 2, Blocks.half(data, block), weights, at);
                    } else {
                        boolean fifthBit = kind == Q5_0;
                        long block = base + (fifthBit ? 22L : 18L) * b;
                        int qh = fifthBit ? data.get(Blocks.INT, block + 2) : 0;
                        int offset = fifthBit ? 16 : 8;
                        ByteVector packed = Int8Vector.load(data, block + (fifthBit ? 6 : 2));
                        NibbleVector.withFifthBit(packed.and((byte) 15), qh).sub((byte) offset)
                                .intoArray(codes, at);
                        NibbleVector.withFifthBit(packed.lanewise(VectorOperators.LSHR, 4), qh >>> 16)
                                .sub((byte) offset).intoArray(codes, at + 16);
                        dequantize(codes, at, Blocks.half(data, block), weights);
                    }
                }
            }
        }

        /** {@code to[at, at + 32) = d·bytes[from, from + 32)} of the mapping: Q8_0 needs no decoding. */
        private static void dequantize(MemorySegment data, long from, float d, float[] to, int at) {
            for (int j = 0; j < 32; j += GEMM_FLOATS.length()) {
                ((FloatVector) ByteVector.fromMemorySegment(GEMM_BYTES, data, from + j, ByteOrder.LITTLE_ENDIAN)
                        .convertShape(VectorOperators.B2F, GEMM_FLOATS, 0)).mul(d).intoArray(to, at + j);
            }
        }

        /** {@code to[at, at + 32) = d·codes[at, at + 32)}. */
        private static void dequantize(byte[] codes, int at, float d, float[] to) {
            for (int j = 0; j < 32; j += GEMM_FLOATS.length()) {
                ((FloatVector) ByteVector.fromArray(GEMM_BYTES, codes, at + j)
                        .convertShape(VectorOperators.B2F, GEMM_FLOATS, 0)).mul(d).intoArray(to, at + j);
            }
        }
    }

    /** Rows 0..3 of {@code w} times vectors {@code v..v+3}: sixteen accumulators, one per row and vector. */
    private static void gemm4x4(Unpacked w, int v, float[] out, int at, int outStride) {
        float[] a = w.weights;
        float[] x = w.inputs;
        int n = w.columns;
        int x0 = v * n;
        int x1 = x0 + n;
        int x2 = x1 + n;
        int x3 = x2 + n;
        FloatVector c00 = FloatVector.zero(GEMM_FLOATS);
        FloatVector c01 = c00;
        FloatVector c02 = c00;
        FloatVector c03 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c12 = c00;
        FloatVector c13 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c22 = c00;
        FloatVector c23 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c32 = c00;
        FloatVector c33 = c00;
        for (int k = 0; k < n; k += GEMM_FLOATS.length()) {
            FloatVector w0 = FloatVector.fromArray(GEMM_FLOATS, a, k);
            FloatVector w1 = FloatVector.fromArray(GEMM_FLOATS, a, n + k);
            FloatVector w2 = FloatVector.fromArray(GEMM_FLOATS, a, 2 * n + k);
            FloatVector w3 = FloatVector.fromArray(GEMM_FLOATS, a, 3 * n + k);
            FloatVector y = FloatVector.fromArray(GEMM_FLOATS, x, x0 + k);
            c00 = w0.fma(y, c00);
            c10 = w1.fma(y, c10);
            c20 = w2.fma(y, c20);
            c30 = w3.fma(y, c30);
            y = FloatVector.fromArray(GEMM_FLOATS, x, x1 + k);
            c01 = w0.fma(y, c01);
            c11 = w1.fma(y, c11);
            c21 = w2.fma(y, c21);
            c31 = w3.fma(y, c31);
            y = FloatVector.fromArray(GEMM_FLOATS, x, x2 + k);
            c02 = w0.fma(y, c02);
            c12 = w1.fma(y, c12);
            c22 = w2.fma(y, c22);
            c32 = w3.fma(y, c32);
            y = FloatVector.fromArray(GEMM_FLOATS, x, x3 + k);
            c03 = w0.fma(y, c03);
            c13 = w1.fma(y, c13);
            c23 = w2.fma(y, c23);
            c33 = w3.fma(y, c33);
        }
        store4(out, at, c00, c10, c20, c30);
        store4(out, at + outStride, c01, c11, c21, c31);
        store4(out, at + 2 * outStride, c02, c12, c22, c32);
        store4(out, at + 3 * outStride, c03, c13, c23, c33);
    }

    /** Rows 0..3 of {@code w} times vector {@code v}. */
    private static void gemm4x1(Unpacked w, int v, float[] out, int at) {
        float[] a = w.weights;
        float[] x = w.inputs;
        int n = w.columns;
        int x0 = v * n;
        FloatVector c0 = FloatVector.zero(GEMM_FLOATS);
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        for (int k = 0; k < n; k += GEMM_FLOATS.length()) {
            FloatVector y = FloatVector.fromArray(GEMM_FLOATS, x, x0 + k);
            c0 = FloatVector.fromArray(GEMM_FLOATS, a, k).fma(y, c0);
            c1 = FloatVector.fromArray(GEMM_FLOATS, a, n + k).fma(y, c1);
            c2 = FloatVector.fromArray(GEMM_FLOATS, a, 2 * n + k).fma(y, c2);
            c3 = FloatVector.fromArray(GEMM_FLOATS, a, 3 * n + k).fma(y, c3);
        }
        store4(out, at, c0, c1, c2, c3);
    }

    private static void store4(float[] out, int at, FloatVector r0, FloatVector r1, FloatVector r2,
            FloatVector r3) {
        out[at] = sum(r0);
        out[at + 1] = sum(r1);
        out[at + 2] = sum(r2);
        out[at + 3] = sum(r3);
    }

    /** {@code acc + scale·Σ(wLow·xLow + wHigh·xHigh)}, eight lanes of partial sums. */
    private static FloatVector fma(FloatVector acc, ShortVector wLow, ShortVector wHigh, ShortVector xLow,
            ShortVector xHigh, float scale) {
        return Int8Vector.accumulate(acc, Int8Vector.pairSums(wLow.mul(xLow).add(wHigh.mul(xHigh))), scale);
    }

    private static ShortVector activation(byte[] q, int offset) {
        return Int8Vector.widen(ByteVector.fromArray(Int8Vector.BYTES, q, offset));
    }

    private static ShortVector bytes(MemorySegment data, long offset) {
        return Int8Vector.widen(Int8Vector.load(data, offset));
    }

    private static float sum(FloatVector acc) {
        return acc.reduceLanes(VectorOperators.ADD);
    }

    private static void q8Tile1(MemorySegment data, long row, long rowBytes, Activations x, int v, float[] out,
            int at, int blocks) {
        byte[] q = x.quants();
        float[] scales = x.scales();
        int qa = v * x.length();
        int sa = v * x.blocks();
        FloatVector a0 = FloatVector.zero(Int8Vector.FLOATS);
        FloatVector a1 = a0;
        for (int b = 0; b < blocks; b++) {
            long k0 = row + 34L * b;
            long k1 = k0 + rowBytes;
            ShortVector xl = activation(q, qa + 32 * b);
            ShortVector xh = activation(q, qa + 32 * b + 16);
            float sx = scales[sa + b];
            a0 = fma(a0, bytes(data, k0 + 2), bytes(data, k0 + 18), xl, xh, Blocks.half(data, k0) * sx);
            a1 = fma(a1, bytes(data, k1 + 2), bytes(data, k1 + 18), xl, xh, Blocks.half(data, k1) * sx);
        }
        store(out, at, a0, a1);
    }

    private static void store(float[] out, int at, FloatVector r0, FloatVector r1) {
        out[at] = sum(r0);
        out[at + 1] = sum(r1);
    }
}
