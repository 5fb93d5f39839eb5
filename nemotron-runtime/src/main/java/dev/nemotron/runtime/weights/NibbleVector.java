package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Vector kernels of the {@link NibbleBlockFormat}s. Each block's 16 bytes of nibbles become two 16-lane byte
 * vectors of codes (elements 0..15 and 16..31), which {@link Int8Vector#dot32} multiplies with the Q8
 * activations exactly; the scale product is applied lane-wise and the lanes are summed once per row.
 */
final class NibbleVector {

    private static final ByteVector IQ4_NL_TABLE = ByteVector.fromArray(Int8Vector.BYTES, IQ4_NLFormat.VALUES, 0);
    private static final ByteVector MXFP4_TABLE = ByteVector.fromArray(Int8Vector.BYTES, MXFP4Format.VALUES, 0);

    private NibbleVector() {
    }

    static float dotQ4_0(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        byte[] q = x.quants();
        float[] scales = x.scales();
        int q0 = vector * x.length();
        int s0 = vector * x.blocks();
        FloatVector acc = FloatVector.zero(Int8Vector.FLOATS);
        for (int b = 0; b < columns / 32; b++) {
            long block = byteOffset + 18L * b;
            ByteVector packed = Int8Vector.load(data, block + 2);
            ByteVector low = packed.and((byte) 15).sub((byte) 8);
            ByteVector high = packed.lanewise(VectorOperators.LSHR, 4).sub((byte) 8);
            float d = Blocks.half(data, block) * scales[s0 + b];
            acc = Int8Vector.accumulate(acc, Int8Vector.dot32(low, high, q, q0 + 32 * b), d);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    static float dotQ4_1(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        byte[] q = x.quants();
        float[] scales = x.scales();
        float[] sums = x.blockSums();
        int q0 = vector * x.length();
        int s0 = vector * x.blocks();
        FloatVector acc = FloatVector.zero(Int8Vector.FLOATS);
        float minimums = 0;
        for (int b = 0; b < columns / 32; b++) {
            long block = byteOffset + 20L * b;
            ByteVector packed = Int8Vector.load(data, block + 4);
            ByteVector low = packed.and((byte) 15);
            ByteVector high = packed.lanewise(VectorOperators.LSHR, 4);
            float d = Blocks.half(data, block) * scales[s0 + b];
            acc = Int8Vector.accumulate(acc, Int8Vector.dot32(low, high, q, q0 + 32 * b), d);
            minimums += Blocks.half(data, block + 2) * sums[s0 + b];
        }
        return acc.reduceLanes(VectorOperators.ADD) + minimums;
    }

    static float dotQ5_0(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        byte[] q = x.quants();
        float[] scales = x.scales();
        int q0 = vector * x.length();
        int s0 = vector * x.blocks();
        FloatVector acc = FloatVector.zero(Int8Vector.FLOATS);
        for (int b = 0; b < columns / 32; b++) {
            long block = byteOffset + 22L * b;
            int qh = data.get(Blocks.INT, block + 2);
            ByteVector packed = Int8Vector.load(data, block + 6);
            ByteVector low = withFifthBit(packed.and((byte) 15), qh).sub((byte) 16);
            ByteVector high = withFifthBit(packed.lanewise(VectorOperators.LSHR, 4), qh >>> 16).sub((byte) 16);
            float d = Blocks.half(data, block) * scales[s0 + b];
            acc = Int8Vector.accumulate(acc, Int8Vector.dot32(low, high, q, q0 + 32 * b), d);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    static float dotQ5_1(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        byte[] q = x.quants();
        float[] scales = x.scales();
        float[] sums = x.blockSums();
        int q0 = vector * x.length();
        int s0 = vector * x.blocks();
        FloatVector acc = FloatVector.zero(Int8Vector.FLOATS);
        float minimums = 0;
        for (int b = 0; b < columns / 32; b++) {
            long block = byteOffset + 24L * b;
            int qh = data.get(Blocks.INT, block + 4);
            ByteVector packed = Int8Vector.load(data, block + 8);
            ByteVector low = withFifthBit(packed.and((byte) 15), qh);
            ByteVector high = withFifthBit(packed.lanewise(VectorOperators.LSHR, 4), qh >>> 16);
            float d = Blocks.half(data, block) * scales[s0 + b];
            acc = Int8Vector.accumulate(acc, Int8Vector.dot32(low, high, q, q0 + 32 * b), d);
            minimums += Blocks.half(data, block + 2) * sums[s0 + b];
        }
        return acc.reduceLanes(VectorOperators.ADD) + minimums;
    }

    static float dotIQ4_NL(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        return dotTable(data, byteOffset, x, vector, columns, IQ4_NL_TABLE, false);
    }

    static float dotMXFP4(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        return dotTable(data, byteOffset, x, vector, columns, MXFP4_TABLE, true);
    }

    /** IQ4_NL (fp16 scale, 18-byte blocks) and MXFP4 (E8M0 scale, 17-byte blocks): nibbles index a grid. */
    private static float dotTable(MemorySegment data, long byteOffset, Activations x, int vector, int columns,
            ByteVector table, boolean exponentScale) {
        byte[] q = x.quants();
        float[] scales = x.scales();
        int q0 = vector * x.length();
        int s0 = vector * x.blocks();
        int header = exponentScale ? 1 : 2;
        FloatVector acc = FloatVector.zero(Int8Vector.FLOATS);
        for (int b = 0; b < columns / 32; b++) {
            long block = byteOffset + (long) (16 + header) * b;
            ByteVector packed = Int8Vector.load(data, block + header);
            ByteVector low = packed.and((byte) 15).selectFrom(table);
            ByteVector high = packed.lanewise(VectorOperators.LSHR, 4).selectFrom(table);
            float w = exponentScale ? MXFP4Format.halfScale(Blocks.u8(data, block)) : Blocks.half(data, block);
            acc = Int8Vector.accumulate(acc, Int8Vector.dot32(low, high, q, q0 + 32 * b), w * scales[s0 + b]);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /** Adds 16 to lane j of {@code nibbles} where bit j of {@code bits} (j in 0..15) is set. */
    static ByteVector withFifthBit(ByteVector nibbles, int bits) {
        VectorMask<Byte> set = VectorMask.fromLong(Int8Vector.BYTES, bits & 0xffff);
        return nibbles.lanewise(VectorOperators.OR, (byte) 16, set);
    }
}
