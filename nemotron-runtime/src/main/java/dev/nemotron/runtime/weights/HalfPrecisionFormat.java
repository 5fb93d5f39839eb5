package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;

/**
 * Rows of 16-bit floats (F16, BF16), whose activations are rounded to the same 16-bit format before the dot, as
 * ggml's {@code vec_dot_f16}/{@code vec_dot_bf16} do. The product of two such values is exact in float; the
 * reference sums the products in double, as ggml's scalar path does ({@code ggml_float}).
 */
abstract class HalfPrecisionFormat implements WeightFormat {

    /** The float a stored 16-bit pattern stands for. */
    abstract float widen(short bits);

    /** The 16-bit pattern nearest to {@code value} (nearest even). */
    abstract short narrow(float value);

    /**
     * {@link #dotReference} with the Vector API, on the activation floats from {@code base} on, in llama.cpp's
     * order for a batch ({@link Activations#batched()}) or for a single vector.
     */
    abstract float vectorDot(MemorySegment data, long byteOffset, float[] values, int base, int columns,
            boolean batched);

    @Override
    public final void dequantize(MemorySegment data, long byteOffset, float[] out, int outOffset, int count) {
        for (int i = 0; i < count; i++) {
            out[outOffset + i] = widen(data.get(Blocks.SHORT, byteOffset + 2L * i));
        }
    }

    @Override
    public final float dotReference(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        float[] v = x.values();
        int base = vector * x.length();
        double sum = 0;
        for (int i = 0; i < columns; i++) {
            sum += widen(data.get(Blocks.SHORT, byteOffset + 2L * i)) * v[base + i];
        }
        return (float) sum;
    }

    @Override
    public final float dot(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        return VectorSupport.AVAILABLE
                ? vectorDot(data, byteOffset, x.values(), vector * x.length(), columns, x.batched())
                : dotReference(data, byteOffset, x, vector, columns);
    }

    @Override
    public final void quantize(float[] values, int offset, int count, MemorySegment out, long byteOffset) {
        for (int i = 0; i < count; i++) {
            out.set(Blocks.SHORT, byteOffset + 2L * i, narrow(values[offset + i]));
        }
    }
}
