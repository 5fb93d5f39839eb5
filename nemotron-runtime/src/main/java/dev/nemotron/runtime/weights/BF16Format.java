package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;

/** bfloat16 rows; activations are rounded to bf16 (nearest even) before the dot, as ggml's {@code vec_dot_bf16}. */
final class BF16Format implements WeightFormat {

    static final BF16Format INSTANCE = new BF16Format();

    private BF16Format() {
    }

    @Override
    public GgmlType type() {
        return GgmlType.BF16;
    }

    @Override
    public ActivationType activationType() {
        return ActivationType.BF16;
    }

    @Override
    public void dequantize(MemorySegment data, long byteOffset, float[] out, int outOffset, int count) {
        for (int i = 0; i < count; i++) {
            out[outOffset + i] = Half.bf16ToFloat(data.get(Blocks.SHORT, byteOffset + 2L * i));
        }
    }

    /** Products of two bf16 values are exact in float; as ggml's scalar path, they are summed in double. */
    @Override
    public float dotReference(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        float[] v = x.values();
        int base = vector * x.length();
        double sum = 0;
        for (int i = 0; i < columns; i++) {
            sum += Half.bf16ToFloat(data.get(Blocks.SHORT, byteOffset + 2L * i)) * v[base + i];
        }
        return (float) sum;
    }

    @Override
    public float dot(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        return VectorSupport.AVAILABLE
                ? HalfVector.dotBF16(data, byteOffset, x.values(), vector * x.length(), columns)
                : dotReference(data, byteOffset, x, vector, columns);
    }

    @Override
    public void quantize(float[] values, int offset, int count, MemorySegment out, long byteOffset) {
        for (int i = 0; i < count; i++) {
            out.set(Blocks.SHORT, byteOffset + 2L * i, Half.floatToBf16(values[offset + i]));
        }
    }
}
