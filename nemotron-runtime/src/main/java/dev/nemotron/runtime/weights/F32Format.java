package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Plain little-endian float32 rows. */
final class F32Format implements WeightFormat {

    static final F32Format INSTANCE = new F32Format();

    private static final ValueLayout.OfFloat FLOAT = Blocks.FLOAT;

    private F32Format() {
    }

    @Override
    public GgmlType type() {
        return GgmlType.F32;
    }

    @Override
    public ActivationType activationType() {
        return ActivationType.F32;
    }

    @Override
    public void dequantize(MemorySegment data, long byteOffset, float[] out, int outOffset, int count) {
        MemorySegment.copy(data, FLOAT, byteOffset, out, outOffset, count);
    }

    @Override
    public float dotReference(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        float[] v = x.values();
        int base = vector * x.length();
        float sum = 0;
        for (int i = 0; i < columns; i++) {
            sum += data.get(FLOAT, byteOffset + 4L * i) * v[base + i];
        }
        return sum;
    }

    @Override
    public float dot(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        return VectorSupport.AVAILABLE
                ? HalfVector.dotF32(data, byteOffset, x.values(), vector * x.length(), columns, x.batched())
                : dotReference(data, byteOffset, x, vector, columns);
    }

    @Override
    public void quantize(float[] values, int offset, int count, MemorySegment out, long byteOffset) {
        MemorySegment.copy(values, offset, out, FLOAT, byteOffset, count);
    }
}
