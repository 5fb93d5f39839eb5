package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Vector kernels of the k-quants and IQ4_XS: the integer part of {@link SuperBlockFormat}'s dot for one
 * super-block. Codes of a sub-block are decoded into byte lanes, their exact dot with the Q8_K activations
 * ({@link Int8Vector}) is weighted by the integer sub-block scale, and the lanes are summed into one int. Each
 * super-block is a method of its own that returns an int: one method holding the whole row loop grows past what
 * the JIT inlines, and its vectors are then boxed.
 */
final class KQuantVector {

    private static final ByteVector IQ4_NL_TABLE = ByteVector.fromArray(Int8Vector.BYTES, IQ4_NLFormat.VALUES, 0);

    private KQuantVector() {
    }

    static int sumQ2_K(MemorySegment data, long block, byte[] q, int q0) {
        IntVector isum = IntVector.zero(Int8Vector.INTS);
        for (int s = 0; s < 16; s += 2) {
            int i = 16 * s;
            ByteVector first = Int8Vector.load(data, block + 16 + Q2_KFormat.planeByte(i));
            ByteVector second = Int8Vector.load(data, block + 16 + Q2_KFormat.planeByte(i + 16));
            int shift = Q2_KFormat.planeShift(i);
            isum = isum.add(Int8Vector.dot32Scaled(
                    first.lanewise(VectorOperators.LSHR, shift).and((byte) 3), Blocks.u8(data, block + s) & 15,
                    second.lanewise(VectorOperators.LSHR, shift).and((byte) 3), Blocks.u8(data, block + s + 1) & 15,
                    q, q0 + i));
        }
        return isum.reduceLanes(VectorOperators.ADD);
    }

    static int sumQ3_K(MemorySegment data, long block, byte[] q, int q0) {
        IntVector isum = IntVector.zero(Int8Vector.INTS);
        for (int s = 0; s < 16; s += 2) {
            int i = 16 * s;
            isum = isum.add(Int8Vector.dot32Scaled(
                    codesQ3_K(data, block, i), Q3_KFormat.packedScale(data, block + 96, s),
                    codesQ3_K(data, block, i + 16), Q3_KFormat.packedScale(data, block + 96, s + 1),
                    q, q0 + i));
        }
        return isum.reduceLanes(VectorOperators.ADD);
    }

    /** The 16 signed codes of elements i..i+15: two low bits, minus 4 where the high bit is clear. */
    private static ByteVector codesQ3_K(MemorySegment data, long block, int i) {
        ByteVector low = Int8Vector.load(data, block + 32 + Q2_KFormat.planeByte(i))
                .lanewise(VectorOperators.LSHR, Q2_KFormat.planeShift(i)).and((byte) 3);
        VectorMask<Byte> clear = Int8Vector.load(data, block + i % 32)
                .and((byte) (1 << Q3_KFormat.highBit(i))).compare(VectorOperators.EQ, 0);
        return low.lanewise(VectorOperators.SUB, (byte) 4, clear);
    }

    static int sumQ4_K(MemorySegment data, long block, byte[] q, int q0) {
        long scales = KQuants.scaleMins(data, block + 4, 0);
        IntVector isum = IntVector.zero(Int8Vector.INTS);
        for (int j = 0; j < 8; j++) {
            long qs = block + 16 + 32L * (j / 2);
            int shift = 4 * (j % 2);
            ByteVector low = Int8Vector.load(data, qs).lanewise(VectorOperators.LSHR, shift).and((byte) 15);
            ByteVector high = Int8Vector.load(data, qs + 16).lanewise(VectorOperators.LSHR, shift).and((byte) 15);
            isum = isum.add(Int8Vector.dot32(low, high, q, q0 + 32 * j).mul((int) (scales >>> (8 * j)) & 0xff));
        }
        return isum.reduceLanes(VectorOperators.ADD);
    }

    /** As {@link #sumQ4_K}, each code taking bit j of {@code qh[l]} as its fifth bit. */
    static int sumQ5_K(MemorySegment data, long block, byte[] q, int q0) {
        long scales = KQuants.scaleMins(data, block + 4, 0);
        ByteVector bitsLow = Int8Vector.load(data, block + 16);
        ByteVector bitsHigh = Int8Vector.load(data, block + 32);
        IntVector isum = IntVector.zero(Int8Vector.INTS);
        for (int j = 0; j < 8; j++) {
            long qs = block + 48 + 32L * (j / 2);
            int shift = 4 * (j % 2);
            ByteVector low = Int8Vector.load(data, qs).lanewise(VectorOperators.LSHR, shift).and((byte) 15)
                    .or(fifthBit(bitsLow, j));
            ByteVector high = Int8Vector.load(data, qs + 16).lanewise(VectorOperators.LSHR, shift).and((byte) 15)
                    .or(fifthBit(bitsHigh, j));
            isum = isum.add(Int8Vector.dot32(low, high, q, q0 + 32 * j).mul((int) (scales >>> (8 * j)) & 0xff));
        }
        return isum.reduceLanes(VectorOperators.ADD);
    }

    /** 16 in the lanes whose byte of {@code bits} has bit {@code bit} set, 0 elsewhere. */
    private static ByteVector fifthBit(ByteVector bits, int bit) {
        return bits.lanewise(VectorOperators.LSHR, bit).and((byte) 1).lanewise(VectorOperators.LSHL, 4);
    }

    static int sumQ6_K(MemorySegment data, long block, byte[] q, int q0) {
        IntVector isum = IntVector.zero(Int8Vector.INTS);
        for (int s = 0; s < 16; s++) {
            int n = s / 8;
            int k = (s % 8) / 2;
            int g = s % 2;
            ByteVector low = Int8Vector.load(data, block + 64L * n + 32 * (k % 2) + 16 * g)
                    .lanewise(VectorOperators.LSHR, 4 * (k / 2)).and((byte) 15);
            ByteVector high = Int8Vector.load(data, block + 128 + 32L * n + 16 * g)
                    .lanewise(VectorOperators.LSHR, 2 * k).and((byte) 3).lanewise(VectorOperators.LSHL, 4);
            ByteVector codes = low.or(high).sub((byte) 32);
            isum = isum.add(Int8Vector.dot16(codes, q, q0 + 16 * s).mul(Blocks.i8(data, block + 192 + s)));
        }
        return isum.reduceLanes(VectorOperators.ADD);
    }

    static int sumIQ4_XS(MemorySegment data, long block, byte[] q, int q0) {
        IntVector isum = IntVector.zero(Int8Vector.INTS);
        for (int ib = 0; ib < 8; ib++) {
            ByteVector packed = Int8Vector.load(data, block + 8 + 16L * ib);
            ByteVector low = packed.and((byte) 15).selectFrom(IQ4_NL_TABLE);
            ByteVector high = packed.lanewise(VectorOperators.LSHR, 4).selectFrom(IQ4_NL_TABLE);
            int scale = IQ4_XSFormat.subBlockScale(data, block, ib);
            isum = isum.add(Int8Vector.dot32(low, high, q, q0 + 32 * ib).mul(scale));
        }
        return isum.reduceLanes(VectorOperators.ADD);
    }
}
