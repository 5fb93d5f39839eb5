package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** Vector kernel of {@link Q8_0Format}: per block an exact integer dot, then a lane-wise FMA with its scale. */
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
        return acc.reduceLanes(VectorOperators.ADD);
    }
}
