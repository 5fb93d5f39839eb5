package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Vector kernels of the k-quants and IQ4_XS. Codes of a sub-block are decoded into byte lanes, their exact dot
 * with the Q8_K activations ({@link Int8Vector}) is weighted by the integer sub-block scale, and the
 * super-block's integer lanes meet the float scales once. The minimum terms of Q2_K/Q4_K/Q5_K use the
 * activations' group sums, as ggml does, and stay scalar (16 or 8 products per super-block).
 */
final class KQuantVector {

    private static final ByteVector IQ4_NL_TABLE = ByteVector.fromArray(Int8Vector.BYTES, IQ4_NLFormat.VALUES, 0);

    private KQuantVector() {
    }

    static float dotQ2_K(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        byte[] q = x.quants();
        short[] groupSums = x.groupSums();
        FloatVector acc = FloatVector.zero(Int8Vector.FLOATS);
        float minimums = 0;
        for (int b = 0; b < columns / KQuants.SUPER; b++) {
            long block = byteOffset + 84L * b;
            int q0 = vector * x.length() + b * KQuants.SUPER;
            int g0 = KQuants.groupSumsAt(x, vector, b);
            IntVector isum = IntVector.zero(Int8Vector.INTS);
            int minSum = 0;
            for (int s = 0; s < 16; s++) {
                int sc = Blocks.u8(data, block + s);
                int i = 16 * s;
                ByteVector codes = Int8Vector.load(data, block + 16 + Q2_KFormat.planeByte(i))
                        .lanewise(VectorOperators.LSHR, Q2_KFormat.planeShift(i)).and((byte) 3);
                isum = isum.add(Int8Vector.dot16(codes, q, q0 + i).mul(sc & 15));
                minSum += (sc >> 4) * groupSums[g0 + s];
            }
            float dx = x.scales()[vector * x.blocks() + b];
            acc = Int8Vector.accumulate(acc, isum, dx * Blocks.half(data, block + 80));
            minimums += dx * Blocks.half(data, block + 82) * minSum;
        }
        return acc.reduceLanes(VectorOperators.ADD) - minimums;
    }

    static float dotQ3_K(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        byte[] q = x.quants();
        FloatVector acc = FloatVector.zero(Int8Vector.FLOATS);
        for (int b = 0; b < columns / KQuants.SUPER; b++) {
            long block = byteOffset + 110L * b;
            int q0 = vector * x.length() + b * KQuants.SUPER;
            IntVector isum = IntVector.zero(Int8Vector.INTS);
            for (int s = 0; s < 16; s++) {
                int i = 16 * s;
                ByteVector low = Int8Vector.load(data, block + 32 + Q2_KFormat.planeByte(i))
                        .lanewise(VectorOperators.LSHR, Q2_KFormat.planeShift(i)).and((byte) 3);
                VectorMask<Byte> clear = Int8Vector.load(data, block + i % 32)
                        .and((byte) (1 << Q3_KFormat.highBit(i))).compare(VectorOperators.EQ, 0);
                ByteVector codes = low.lanewise(VectorOperators.SUB, (byte) 4, clear);
                isum = isum.add(Int8Vector.dot16(codes, q, q0 + i).mul(Q3_KFormat.scale(data, block + 96, s)));
            }
            float d = Blocks.half(data, block + 108) * x.scales()[vector * x.blocks() + b];
            acc = Int8Vector.accumulate(acc, isum, d);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    static float dotQ4_K(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        return dotQ4_KorQ5_K(data, byteOffset, x, vector, columns, false);
    }

    static float dotQ5_K(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        return dotQ4_KorQ5_K(data, byteOffset, x, vector, columns, true);
    }

    /** Q4_K and Q5_K share scales and nibbles; Q5_K adds bit j of {@code qh[l]} to sub-block j. */
    private static float dotQ4_KorQ5_K(MemorySegment data, long byteOffset, Activations x, int vector, int columns,
            boolean fifthBit) {
        byte[] q = x.quants();
        short[] groupSums = x.groupSums();
        int bytes = fifthBit ? 176 : 144;
        int nibbles = fifthBit ? 48 : 16;
        FloatVector acc = FloatVector.zero(Int8Vector.FLOATS);
        float minimums = 0;
        for (int b = 0; b < columns / KQuants.SUPER; b++) {
            long block = byteOffset + (long) bytes * b;
            int q0 = vector * x.length() + b * KQuants.SUPER;
            int g0 = KQuants.groupSumsAt(x, vector, b);
            IntVector isum = IntVector.zero(Int8Vector.INTS);
            int minSum = 0;
            for (int j = 0; j < 8; j++) {
                long qs = block + nibbles + 32L * (j / 2);
                int shift = 4 * (j % 2);
                ByteVector low = Int8Vector.load(data, qs).lanewise(VectorOperators.LSHR, shift).and((byte) 15);
                ByteVector high = Int8Vector.load(data, qs + 16).lanewise(VectorOperators.LSHR, shift).and((byte) 15);
                if (fifthBit) {
                    low = withBit(low, Int8Vector.load(data, block + 16), j);
                    high = withBit(high, Int8Vector.load(data, block + 32), j);
                }
                IntVector sub = Int8Vector.dot32(low, high, q, q0 + 32 * j);
                isum = isum.add(sub.mul(KQuants.scaleMin(data, block + 4, j, 0)));
                minSum += KQuants.scaleMin(data, block + 4, j, 1) * (groupSums[g0 + 2 * j] + groupSums[g0 + 2 * j + 1]);
            }
            float dx = x.scales()[vector * x.blocks() + b];
            acc = Int8Vector.accumulate(acc, isum, Blocks.half(data, block) * dx);
            minimums += Blocks.half(data, block + 2) * dx * minSum;
        }
        return acc.reduceLanes(VectorOperators.ADD) - minimums;
    }

    /** Adds 16 to the lanes of {@code codes} whose byte in {@code bits} has bit {@code bit} set. */
    private static ByteVector withBit(ByteVector codes, ByteVector bits, int bit) {
        VectorMask<Byte> set = bits.and((byte) (1 << bit)).compare(VectorOperators.NE, 0);
        return codes.lanewise(VectorOperators.OR, (byte) 16, set);
    }

    static float dotQ6_K(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        byte[] q = x.quants();
        FloatVector acc = FloatVector.zero(Int8Vector.FLOATS);
        for (int b = 0; b < columns / KQuants.SUPER; b++) {
            long block = byteOffset + 210L * b;
            int q0 = vector * x.length() + b * KQuants.SUPER;
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
            float d = Blocks.half(data, block + 208) * x.scales()[vector * x.blocks() + b];
            acc = Int8Vector.accumulate(acc, isum, d);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    static float dotIQ4_XS(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        byte[] q = x.quants();
        FloatVector acc = FloatVector.zero(Int8Vector.FLOATS);
        for (int b = 0; b < columns / KQuants.SUPER; b++) {
            long block = byteOffset + 136L * b;
            int q0 = vector * x.length() + b * KQuants.SUPER;
            IntVector isum = IntVector.zero(Int8Vector.INTS);
            for (int ib = 0; ib < 8; ib++) {
                ByteVector packed = Int8Vector.load(data, block + 8 + 16L * ib);
                ByteVector low = packed.and((byte) 15).selectFrom(IQ4_NL_TABLE);
                ByteVector high = packed.lanewise(VectorOperators.LSHR, 4).selectFrom(IQ4_NL_TABLE);
                IntVector sub = Int8Vector.dot32(low, high, q, q0 + 32 * ib);
                isum = isum.add(sub.mul(IQ4_XSFormat.scale(data, block, ib)));
            }
            float d = Blocks.half(data, block) * x.scales()[vector * x.blocks() + b];
            acc = Int8Vector.accumulate(acc, isum, d);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }
}
