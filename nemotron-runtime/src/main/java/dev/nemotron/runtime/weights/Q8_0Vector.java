package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;

/**
 * Vector kernel of {@link Q8_0Format}, in the arithmetic of ggml's AVX2 {@code vec_dot_q8_0_q8_0} (and of
 * llamafile's {@code tinyBLAS_Q0_AVX}): per block eight exact int lanes of four products, one FMA per lane with
 * {@code d_w·d_x}, one accumulator, summed at the end as {@code hsum_float_8}.
 */
final class Q8_0Vector {

    private Q8_0Vector() {
    }

    static float dot(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        byte[] q = x.quants();
        float[] scales = x.scales();
        int blocks = columns / 32;
        int q0 = vector * x.length();
        int s0 = vector * x.blocks();
        FloatVector acc = FloatVector.zero(Int8Vector.FLOATS);
        for (int b = 0; b < blocks; b++) {
            long block = byteOffset + 34L * b;
            ByteVector low = Int8Vector.load(data, block + 2);
            ByteVector high = Int8Vector.load(data, block + 18);
            float d = Blocks.half(data, block) * scales[s0 + b];
            acc = Int8Vector.accumulate(acc, Int8Vector.dot32(low, high, q, q0 + 32 * b), d);
        }
        return Int8Vector.sum(acc);
    }
}
