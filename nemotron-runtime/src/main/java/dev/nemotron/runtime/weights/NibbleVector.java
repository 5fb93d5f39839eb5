package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
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
        return dotLinear(data, byteOffset, x, vector, columns, 18, 2, 8, false);
    }

    static float dotQ4_1(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        return dotLinear(data, byteOffset, x, vector, columns, 20, 4, 0, true);
    }

    static float dotQ5_0(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        return dotLinear(data, byteOffset, x, vector, columns, 22, 2, 16, false);
    }

    static float dotQ5_1(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        return dotLinear(data, byteOffset, x, vector, columns, 24, 4, 0, true);
    }

    /**
     * Q4_0, Q4_1, Q5_0 and Q5_1: codes {@code nibble (+16 for a set qh bit) − offset}. The blocks differ only by
     * scalars (size, where the nibbles start, the offset, whether a minimum follows the scale), so one loop
     * serves all four without a branch between vectors, which would box them. A block of {@code bytes} = 22
     * or 24 has a {@code qh} word just before its nibbles.
     */
    private static float dotLinear(MemorySegment data, long byteOffset, Activations x, int vector, int columns,
            int bytes, int header, int offset, boolean withMin) {
        byte[] q = x.quants();
        float[] scales = x.scales();
        float[] sums = x.blockSums();
        int q0 = vector * x.length();
        int s0 = vector * x.blocks();
        boolean fifthBit = bytes > 20;
        int nibbles = header + (fifthBit ? 4 : 0);
        FloatVector acc = FloatVector.zero(Int8Vector.FLOATS);
        float minimums = 0;
        for (int b = 0; b < columns / 32; b++) {
            long block = byteOffset + (long) bytes * b;
            int qh = fifthBit ? data.get(Blocks.INT, block + header) : 0;
            ByteVector packed = Int8Vector.load(data, block + nibbles);
            ByteVector low = withFifthBit(packed.and((byte) 15), qh).sub((byte) offset);
            ByteVector high = withFifthBit(packed.lanewise(VectorOperators.LSHR, 4), qh >>> 16).sub((byte) offset);
            float d = Blocks.half(data, block) * scales[s0 + b];
            acc = Int8Vector.accumulate(acc, Int8Vector.dot32(low, high, q, q0 + 32 * b), d);
            if (withMin) {
                minimums += Blocks.half(data, block + 2) * sums[s0 + b];
            }
        }
        return Int8Vector.sum(acc) + minimums;
    }

    static float dotIQ4_NL(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        return dotTable(data, byteOffset, x, vector, columns, IQ4_NL_TABLE, false);
    }

    static float dotMXFP4(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        return dotTable(data, byteOffset, x, vector, columns, MXFP4_TABLE, true);
    }

    /**
     * IQ4_NL (fp16 scale, 18-byte blocks) and MXFP4 (E8M0 scale, 17-byte blocks): nibbles index a grid. One
     * accumulator, as llamafile's {@code tinyBLAS_Q0_AVX} (which llama.cpp uses for IQ4_NL matrices in batches);
     * ggml's {@code vec_dot} kernels for these two split even and odd blocks over two accumulators, which a loop
     * in the Vector API could only do past C2's inlining budget (measured 3–10× slower), so that order is not
     * reproduced.
     */
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
            float w = exponentScale ? MXFP4Format.halfScale(Blocks.u8(data, block)) : Blocks.half(data, block);
            acc = Int8Vector.accumulate(acc, tableDot(data, block + header, table, q, q0 + 32 * b),
                    w * scales[s0 + b]);
        }
        return Int8Vector.sum(acc);
    }

    private static IntVector tableDot(MemorySegment data, long nibbles, ByteVector table, byte[] q, int offset) {
        ByteVector packed = Int8Vector.load(data, nibbles);
        ByteVector low = packed.and((byte) 15).selectFrom(table);
        ByteVector high = packed.lanewise(VectorOperators.LSHR, 4).selectFrom(table);
        return Int8Vector.dot32(low, high, q, offset);
    }

    /** Adds 16 to lane j of {@code nibbles} where bit j of {@code bits} (j in 0..15) is set. */
    static ByteVector withFifthBit(ByteVector nibbles, int bits) {
        VectorMask<Byte> set = VectorMask.fromLong(Int8Vector.BYTES, bits & 0xffff);
        return nibbles.lanewise(VectorOperators.OR, (byte) 16, set);
    }
}
