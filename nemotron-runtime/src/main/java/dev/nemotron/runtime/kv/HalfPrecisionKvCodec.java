package dev.nemotron.runtime.kv;

import dev.nemotron.runtime.weights.Half;

import java.lang.foreign.MemorySegment;

/**
 * Keys or values stored in a 16-bit float format (F16 or BF16), one value per element, no metadata.
 *
 * <p>ggml multiplies a 16-bit matrix only by operands of the same type (the type's {@code vec_dot_type}), so
 * with such a K cache the query is rounded to that format before the dot product, and with such a V cache
 * (llama.cpp's non-flash path stores V transposed and takes a dot product of every value channel with the
 * softmax row) the softmax weights are rounded to it too. Both roundings are reproduced here; the products are
 * summed in F32 by the attention.
 */
abstract sealed class HalfPrecisionKvCodec implements KvCodec permits HalfPrecisionKvCodec.F16,
        HalfPrecisionKvCodec.Bf16 {

    private final int headDim;

    HalfPrecisionKvCodec(int headDim) {
        this.headDim = headDim;
    }

    /** The 16-bit pattern nearest to {@code x}. */
    abstract short toBits(float x);

    abstract float toFloat(short bits);

    /** {@code x} rounded to the format. */
    final float round(float x) {
        return toFloat(toBits(x));
    }

    @Override
    public final int headDim() {
        return headDim;
    }

    @Override
    public final int bytesPerVector() {
        return 2 * headDim;
    }

    @Override
    public final void encode(float[] x, int offset, MemorySegment out, long byteOffset) {
        for (int j = 0; j < headDim; j++) {
            out.set(KvLayouts.SHORT, byteOffset + 2L * j, toBits(x[offset + j]));
        }
    }

    @Override
    public final void prepareQuery(float[] q, int offset, float[] out, int outOffset) {
        for (int j = 0; j < headDim; j++) {
            out[outOffset + j] = round(q[offset + j]);
        }
    }

    @Override
    public final float roundWeight(float weight) {
        return round(weight);
    }

    /** IEEE half precision, llama.cpp's default cache type. */
    static final class F16 extends HalfPrecisionKvCodec {

        F16(int headDim) {
            super(headDim);
        }

        @Override
        public String id() {
            return "f16";
        }

        @Override
        short toBits(float x) {
            return Float.floatToFloat16(x);
        }

        @Override
        float toFloat(short bits) {
            return Float.float16ToFloat(bits);
        }

        @Override
        public void expand(MemorySegment data, long byteOffset, float[] out, int outOffset) {
            KvKernels.widenF16(data, byteOffset, out, outOffset, headDim());
        }
    }

    /** bfloat16: F32's exponent range with 8 significant bits. */
    static final class Bf16 extends HalfPrecisionKvCodec {

        Bf16(int headDim) {
            super(headDim);
        }

        @Override
        public String id() {
            return "bf16";
        }

        @Override
        short toBits(float x) {
            return Half.floatToBf16(x);
        }

        @Override
        float toFloat(short bits) {
            return Half.bf16ToFloat(bits);
        }

        @Override
        public void expand(MemorySegment data, long byteOffset, float[] out, int outOffset) {
            KvKernels.widenBf16(data, byteOffset, out, outOffset, headDim());
        }
    }
}
