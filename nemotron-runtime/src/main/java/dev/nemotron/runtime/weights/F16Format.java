package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;

/** IEEE half-precision rows; activations are rounded to fp16 before the dot, as ggml's {@code vec_dot_f16}. */
final class F16Format implements WeightFormat {

    static final F16Format INSTANCE = new F16Format();

    private F16Format() {
    }

    @Override
    public GgmlType type() {
        return GgmlType.F16;
    }

    @Override
    public ActivationType activationType() {
        return ActivationType.F16;
    }

    @Override
    public void dequantize(MemorySegment data, long byteOffset, float[] out, int outOffset, int count) {
        for (int i = 0; i < count; i++) {
            out[outOffset + i] = Blocks.half(data, byteOffset + 2L * i);
        }
    }

    /**
     * The product of two halves is exact in float; ggml's scalar path sums those products in double, which is
     * also the closest the vectorised float sums can be compared to.
     */
    @Override
    public float dotReference(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        float[] v = x.values();
        int base = vector * x.length();
        double sum = 0;
        for (int i = 0; i < columns; i++) {
            sum += Blocks.half(data, byteOffset + 2L * i) * v[base + i];
        }
        return (float) sum;
    }

    @Override
    public float dot(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        return VectorSupport.AVAILABLE
                ? HalfVector.dotF16(data, byteOffset, x.values(), vector * x.length(), columns)
                : dotReference(data, byteOffset, x, vector, columns);
    }

    @Override
    public void quantize(float[] values, int offset, int count, MemorySegment out, long byteOffset) {
        for (int i = 0; i < count; i++) {
            Blocks.putHalf(out, byteOffset + 2L * i, values[offset + i]);
        }
    }
}
