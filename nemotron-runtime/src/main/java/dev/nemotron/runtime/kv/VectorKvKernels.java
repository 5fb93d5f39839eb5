package dev.nemotron.runtime.kv;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * The Vector API forms of {@link KvKernels}: the F32 loops of attention on the widest vectors the CPU has (a scalar
 * tail covers odd lengths), and the widening of stored vectors. Loaded only when the incubator module is present.
 *
 * <p>The four-way forms exist for speed: a single 128-value dot product is one chain of dependent FMAs, so four
 * queries against one key (or four weighted values into one accumulator) keep the FMA units busy and load the
 * shared operand once.
 */
final class VectorKvKernels {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Short> EIGHT_SHORTS = ShortVector.SPECIES_128;
    private static final VectorSpecies<Byte> EIGHT_BYTES = ByteVector.SPECIES_64;
    private static final VectorSpecies<Byte> SIXTEEN_BYTES = ByteVector.SPECIES_128;
    private static final VectorSpecies<Float> EIGHT_FLOATS = FloatVector.SPECIES_256;
    private static final VectorSpecies<Integer> EIGHT_INTS = IntVector.SPECIES_256;
    /** Multiplying a half's magnitude bits, moved into a float's place, by 2^112 rebiases its exponent (15 → 127). */
    private static final float HALF_REBIAS = 0x1p112f;

    private VectorKvKernels() {
    }

    /** {@code Σ a[ao + i]·b[bo + i]} for {@code i < n}, summed in F32 lanes. */
    static float dot(float[] a, int ao, float[] b, int bo, int n) {
        FloatVector sum = FloatVector.zero(SPECIES);
        int i = 0;
        for (int upper = SPECIES.loopBound(n); i < upper; i += SPECIES.length()) {
            sum = FloatVector.fromArray(SPECIES, a, ao + i).fma(FloatVector.fromArray(SPECIES, b, bo + i), sum);
        }
        return reduce(sum, a, ao, b, bo, i, n);
    }

    /** {@code y[yo + i] += w·x[xo + i]} for {@code i < n}. */
    static void axpy(float w, float[] x, int xo, float[] y, int yo, int n) {
        FloatVector weight = FloatVector.broadcast(SPECIES, w);
        int i = 0;
        for (int upper = SPECIES.loopBound(n); i < upper; i += SPECIES.length()) {
            FloatVector.fromArray(SPECIES, x, xo + i).fma(weight, FloatVector.fromArray(SPECIES, y, yo + i))
                    .intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] += w * x[xo + i];
        }
    }

    /**
     * {@code out[o + r·outStride] = Σ_i q[q0 + r·qStride + i]·k[ko + i]} for the four rows {@code r < 4}.
     */
    static void dot4(float[] q, int q0, int qStride, float[] k, int ko, int n, float[] out, int o, int outStride) {
        FloatVector s0 = FloatVector.zero(SPECIES);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int i = 0;
        for (int upper = SPECIES.loopBound(n); i < upper; i += SPECIES.length()) {
            FloatVector key = FloatVector.fromArray(SPECIES, k, ko + i);
            s0 = FloatVector.fromArray(SPECIES, q, q0 + i).fma(key, s0);
            s1 = FloatVector.fromArray(SPECIES, q, q0 + qStride + i).fma(key, s1);
            s2 = FloatVector.fromArray(SPECIES, q, q0 + 2 * qStride + i).fma(key, s2);
            s3 = FloatVector.fromArray(SPECIES, q, q0 + 3 * qStride + i).fma(key, s3);
        }
        out[o] = reduce(s0, q, q0, k, ko, i, n);
        out[o + outStride] = reduce(s1, q, q0 + qStride, k, ko, i, n);
        out[o + 2 * outStride] = reduce(s2, q, q0 + 2 * qStride, k, ko, i, n);
        out[o + 3 * outStride] = reduce(s3, q, q0 + 3 * qStride, k, ko, i, n);
    }

    /** The lanes of {@code sum} added up, plus the scalar tail {@code [from, n)} of the dot product. */
    private static float reduce(FloatVector sum, float[] a, int ao, float[] b, int bo, int from, int n) {
        float s = sum.reduceLanes(VectorOperators.ADD);
        for (int j = from; j < n; j++) {
            s += a[ao + j] * b[bo + j];
        }
        return s;
    }

    /** {@code y[yo + i] += Σ_r w[wo + r·wStride]·x[xo + r·xStride + i]} over the four rows {@code r < 4}, in order. */
    static void axpy4(float[] w, int wo, int wStride, float[] x, int xo, int xStride, float[] y, int yo, int n) {
        float w0 = w[wo];
        float w1 = w[wo + wStride];
        float w2 = w[wo + 2 * wStride];
        float w3 = w[wo + 3 * wStride];
        FloatVector v0 = FloatVector.broadcast(SPECIES, w0);
        FloatVector v1 = FloatVector.broadcast(SPECIES, w1);
        FloatVector v2 = FloatVector.broadcast(SPECIES, w2);
        FloatVector v3 = FloatVector.broadcast(SPECIES, w3);
        int i = 0;
        for (int upper = SPECIES.loopBound(n); i < upper; i += SPECIES.length()) {
            FloatVector acc = FloatVector.fromArray(SPECIES, y, yo + i);
            acc = FloatVector.fromArray(SPECIES, x, xo + i).fma(v0, acc);
            acc = FloatVector.fromArray(SPECIES, x, xo + xStride + i).fma(v1, acc);
            acc = FloatVector.fromArray(SPECIES, x, xo + 2 * xStride + i).fma(v2, acc);
            acc = FloatVector.fromArray(SPECIES, x, xo + 3 * xStride + i).fma(v3, acc);
            acc.intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            float acc = y[yo + i] + w0 * x[xo + i];
            acc += w1 * x[xo + xStride + i];
            acc += w2 * x[xo + 2 * xStride + i];
            y[yo + i] = acc + w3 * x[xo + 3 * xStride + i];
        }
    }

    /** {@code out[o + i] = float16ToFloat(bits at off + 2i)} for {@code i < n}, eight at a time. */
    static void widenF16(MemorySegment data, long off, float[] out, int o, int n) {
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            IntVector bits = halfBits(data, off + 2L * i).and(0xffff);
            IntVector shifted = bits.and(0x7fff).lanewise(VectorOperators.LSHL, 13);
            // exact for normal and subnormal halves: the product is a float with the half's value
            IntVector finite = shifted.reinterpretAsFloats().mul(HALF_REBIAS).reinterpretAsInts();
            // infinities and NaNs (exponent all ones) keep their payload under float's all-ones exponent
            IntVector special = shifted.or(0x7f800000);
            IntVector magnitude = finite.blend(special, bits.and(0x7c00).compare(VectorOperators.EQ, 0x7c00));
            magnitude.or(bits.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats()
                    .intoArray(out, o + i);
        }
        for (; i < n; i++) {
            out[o + i] = Float.float16ToFloat(data.get(KvLayouts.SHORT, off + 2L * i));
        }
    }

    /** {@code out[o + i] = bf16ToFloat(bits at off + 2i)} for {@code i < n}: the bits moved to the high half. */
    static void widenBf16(MemorySegment data, long off, float[] out, int o, int n) {
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            halfBits(data, off + 2L * i).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().intoArray(out, o + i);
        }
        for (; i < n; i++) {
            out[o + i] = Float.intBitsToFloat(data.get(KvLayouts.SHORT, off + 2L * i) << 16);
        }
    }

    /** Eight 16-bit patterns, sign-extended to ints. */
    private static IntVector halfBits(MemorySegment data, long offset) {
        return (IntVector) ShortVector.fromMemorySegment(EIGHT_SHORTS, data, offset, ByteOrder.LITTLE_ENDIAN)
                .convertShape(VectorOperators.S2I, EIGHT_INTS, 0);
    }

    /** The 32 values {@code d·q} of a q8_0 block whose int8 quants start at {@code off}. */
    static void widenQ8(MemorySegment data, long off, float d, float[] out, int o) {
        for (int i = 0; i < 32; i += 8) {
            ((FloatVector) ByteVector.fromMemorySegment(EIGHT_BYTES, data, off + i, ByteOrder.LITTLE_ENDIAN)
                    .convertShape(VectorOperators.B2F, EIGHT_FLOATS, 0)).mul(d).intoArray(out, o + i);
        }
    }

    /** The 32 values {@code d·(q − 8)} of a q4_0 block whose 16 nibble bytes start at {@code off}. */
    static void widenQ4(MemorySegment data, long off, float d, float[] out, int o) {
        ByteVector packed = ByteVector.fromMemorySegment(SIXTEEN_BYTES, data, off, ByteOrder.LITTLE_ENDIAN);
        ByteVector low = packed.and((byte) 15).sub((byte) 8);
        ByteVector high = packed.lanewise(VectorOperators.LSHR, 4).and((byte) 15).sub((byte) 8);
        for (int part = 0; part < 2; part++) {
            ((FloatVector) low.convertShape(VectorOperators.B2F, EIGHT_FLOATS, part)).mul(d)
                    .intoArray(out, o + 8 * part);
            ((FloatVector) high.convertShape(VectorOperators.B2F, EIGHT_FLOATS, part)).mul(d)
                    .intoArray(out, o + 16 + 8 * part);
        }
    }

    private static final IntVector ONE_BIT_SHIFTS = IntVector.zero(EIGHT_INTS).addIndex(1);
    private static final IntVector TWO_BIT_SHIFTS = ONE_BIT_SHIFTS.mul(2);
    private static final IntVector FOUR_BIT_SHIFTS = ONE_BIT_SHIFTS.mul(4);

    /**
     * {@code out[o + j] = norm·centroids[index_j]} for the {@code n} packed indices of one codebook part at
     * {@code base}. Indices are unpacked eight at a time and looked up in the centroid table held in one 8-lane
     * vector (two for 4 bits) by a lane permutation, which is why every part is a whole number of groups of eight.
     */
    static void expandCodebook(MemorySegment data, long base, int bits, int n, float[] centroids, float norm,
            float[] out, int o) {
        FloatVector low = FloatVector.fromArray(EIGHT_FLOATS, centroids, 0).mul(norm);
        switch (bits) {
            case 2 -> {
                for (int g = 0; g < n / 8; g++) {
                    IntVector index = spread(data.get(KvLayouts.SHORT, base + 2L * g), TWO_BIT_SHIFTS, 3);
                    low.rearrange(index.toShuffle().cast(EIGHT_FLOATS)).intoArray(out, o + 8 * g);
                }
            }
            case 3 -> {
                for (int g = 0; g < n / 8; g++) {
                    IntVector index = spread(data.get(KvLayouts.SHORT, base + 2L * g), TWO_BIT_SHIFTS, 3)
                            .or(spread(data.get(KvLayouts.BYTE, base + n / 4 + g), ONE_BIT_SHIFTS, 1)
                                    .lanewise(VectorOperators.LSHL, 2));
                    low.rearrange(index.toShuffle().cast(EIGHT_FLOATS)).intoArray(out, o + 8 * g);
                }
            }
            default -> {
                FloatVector high = FloatVector.fromArray(EIGHT_FLOATS, centroids, 8).mul(norm);
                for (int g = 0; g < n / 8; g++) {
                    IntVector index = spread(data.get(KvLayouts.INT, base + 4L * g), FOUR_BIT_SHIFTS, 15);
                    VectorShuffle<Float> within = index.and(7).toShuffle().cast(EIGHT_FLOATS);
                    low.rearrange(within).blend(high.rearrange(within), index.compare(VectorOperators.GE, 8)
                            .cast(EIGHT_FLOATS)).intoArray(out, o + 8 * g);
                }
            }
        }
    }

    /** The eight fields {@code (packed >>> shift_k) & mask} of one packed group of eight indices, one per lane. */
    private static IntVector spread(int packed, IntVector shifts, int mask) {
        return IntVector.broadcast(EIGHT_INTS, packed).lanewise(VectorOperators.LSHR, shifts).and(mask);
    }
}
