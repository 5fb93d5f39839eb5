package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;

/** IEEE half-precision rows; activations are rounded to fp16. */
final class F16Format extends HalfPrecisionFormat {

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
    float widen(short bits) {
        return Float.float16ToFloat(bits);
    }

    @Override
    short narrow(float value) {
        return Float.floatToFloat16(value);
    }

    @Override
    float vectorDot(MemorySegment data, long byteOffset, float[] values, int base, int columns, boolean batched) {
        return HalfVector.dotF16(data, byteOffset, values, base, columns, batched);
    }
}
