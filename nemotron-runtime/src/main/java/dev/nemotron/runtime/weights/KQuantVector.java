package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Vector kernels of the k-quants and IQ4_XS. Codes of a sub-block are decoded into byte lanes, their exact dot
 * with the Q8_K activations ({@link Int8Vector}) is weighted by the integer sub-block scale, and the lanes of a
 * super-block are summed into one int. The float part is then the reference's own scalar arithmetic, so these
 * kernels return exactly what the references return (IQ4_XS: up to float order, its reference sums per
 * sub-block). Each super-block's integer sum is a method of its own that returns an int: a single method
 * holding the whole row loop grows past what the JIT inlines, and its vectors would then be boxed.
 */
final class KQuantVector {

    private static final ByteVector IQ4_NL_TABLE = ByteVector.fromArray(Int8Vector.BYTES, IQ4_NLFormat.VALUES, 0);

    private KQuantVector() {
    }

    static float dotQ2_K(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        short[] groupSums = x.groupSums();
        float sum = 0;
        for (int b = 0; b < columns / KQuants.SUPER; b++) {
            long block = byteOffset + 84L * b;
            int isum = sumQ2_K(data, block, x.quants(), vector * x.length() + b * KQuants.SUPER);
            int g0 = KQuants.groupSumsAt(x, vector, b);
            int minSum = 0;
            for (int s = 0; s < 16; s++) {
                minSum += (Blocks.u8(data, block + s) >> 4) * groupSums[g0 + s];
            }
            float dx = x.scales()[vector * x.blocks() + b];
            sum += dx * Blocks.half(data, block + 80) * isum - dx * Blocks.half(data, block + 82) * minSum;
        }
        return sum;
    }

    private static int sumQ2_K(MemorySegment data, long block, byte[] q, int q0) {
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

    static float dotQ3_K(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        float sum = 0;
        for (int b = 0; b < columns / KQuants.SUPER; b++) {
            long block = byteOffset + 110L * b;
            int isum = sumQ3_K(data, block, x.quants(), vector * x.length() + b * KQuants.SUPER);
            sum += Blocks.half(data, block + 108) * x.scales()[vector * x.blocks() + b] * isum;
        }
        return sum;
    }

    private static int sumQ3_K(MemorySegment data, long block, byte[] q, int q0) {
        IntVector isum = IntVector.zero(Int8Vector.INTS);
        for (int s = 0; s < 16; s += 2) {
            int i = 16 * s;
            isum = isum.add(Int8Vector.dot32Scaled(
                    codesQ3_K(data, block, i), Q3_KFormat.scale(data, block + 96, s),
                    codesQ3_K(data, block, i + 16), Q3_KFormat.scale(data, block + 96, s + 1),
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

    static float dotQ4_K(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        return dotQ4_KorQ5_K(data, byteOffset, x, vector, columns, false);
    }

    static float dotQ5_K(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        return dotQ4_KorQ5_K(data, byteOffset, x, vector, columns, true);
    }

    /** Q4_K and Q5_K share scales, minimums and nibbles; Q5_K adds a fifth bit plane. */
    private static float dotQ4_KorQ5_K(MemorySegment data, long byteOffset, Activations x, int vector, int columns,
            boolean fifthBit) {
        short[] groupSums = x.groupSums();
        int bytes = fifthBit ? 176 : 144;
        float sum = 0;
        for (int b = 0; b < columns / KQuants.SUPER; b++) {
            long block = byteOffset + (long) bytes * b;
            int q0 = vector * x.length() + b * KQuants.SUPER;
            int isum = fifthBit ? sumQ5_K(data, block, x.quants(), q0) : sumQ4_K(data, block, x.quants(), q0);
            int g0 = KQuants.groupSumsAt(x, vector, b);
            long mins = KQuants.scaleMins(data, block + 4, 1);
            int minSum = 0;
            for (int j = 0; j < 8; j++) {
                minSum += (int) (mins >>> (8 * j) & 0xff) * (groupSums[g0 + 2 * j] + groupSums[g0 + 2 * j + 1]);
            }
            float dx = x.scales()[vector * x.blocks() + b];
            sum += Blocks.half(data, block) * dx * isum;
            sum -= Blocks.half(data, block + 2) * dx * minSum;
        }
        return sum;
    }

    private static int sumQ4_K(MemorySegment data, long block, byte[] q, int q0) {
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
    private static int sumQ5_K(MemorySegment data, long block, byte[] q, int q0) {
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

    static float dotQ6_K(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        float sum = 0;
        for (int b = 0; b < columns / KQuants.SUPER; b++) {
            long block = byteOffset + 210L * b;
            int isum = sumQ6_K(data, block, x.quants(), vector * x.length() + b * KQuants.SUPER);
            sum += Blocks.half(data, block + 208) * x.scales()[vector * x.blocks() + b] * isum;
        }
        return sum;
    }

    private static int sumQ6_K(MemorySegment data, long block, byte[] q, int q0) {
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

    static float dotIQ4_XS(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        float sum = 0;
        for (int b = 0; b < columns / KQuants.SUPER; b++) {
            long block = byteOffset + 136L * b;
            int isum = sumIQ4_XS(data, block, x.quants(), vector * x.length() + b * KQuants.SUPER);
            sum += Blocks.half(data, block) * x.scales()[vector * x.blocks() + b] * isum;
        }
        return sum;
    }

    private static int sumIQ4_XS(MemorySegment data, long block, byte[] q, int q0) {
        IntVector isum = IntVector.zero(Int8Vector.INTS);
        for (int ib = 0; ib < 8; ib++) {
            ByteVector packed = Int8Vector.load(data, block + 8 + 16L * ib);
            ByteVector low = packed.and((byte) 15).selectFrom(IQ4_NL_TABLE);
            ByteVector high = packed.lanewise(VectorOperators.LSHR, 4).selectFrom(IQ4_NL_TABLE);
            isum = isum.add(Int8Vector.dot32(low, high, q, q0 + 32 * ib).mul(IQ4_XSFormat.scale(data, block, ib)));
        }
        return isum.reduceLanes(VectorOperators.ADD);
    }
}
