package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;

/** bfloat16 rows; activations are rounded to bf16 (nearest even). */
final class BF16Format extends HalfPrecisionFormat {

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
    float widen(short bits) {
        return Half.bf16ToFloat(bits);
    }

    @Override
    short narrow(float value) {
        return Half.floatToBf16(value);
    }

    @Override
    float vectorDot(MemorySegment data, long byteOffset, float[] values, int base, int columns, boolean batched) {
        return HalfVector.dotBF16(data, byteOffset, values, base, columns, batched);
    }
}
