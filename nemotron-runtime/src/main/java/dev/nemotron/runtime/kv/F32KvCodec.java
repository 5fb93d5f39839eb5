package dev.nemotron.runtime.kv;

import java.lang.foreign.MemorySegment;

/** Keys or values stored as F32: no rounding anywhere, the reference the other codecs are measured against. */
final class F32KvCodec implements KvCodec {

    private final int headDim;

    F32KvCodec(int headDim) {
        this.headDim = headDim;
    }

    @Override
    public String id() {
        return "f32";
    }

    @Override
    public int headDim() {
        return headDim;
    }

    @Override
    public int bytesPerVector() {
        return 4 * headDim;
    }

    @Override
    public void encode(float[] x, int offset, MemorySegment out, long byteOffset) {
        MemorySegment.copy(x, offset, out, KvLayouts.FLOAT, byteOffset, headDim);
    }

    @Override
    public void prepareQuery(float[] q, int offset, float[] out, int outOffset) {
        System.arraycopy(q, offset, out, outOffset, headDim);
    }

    @Override
    public void expand(MemorySegment data, long byteOffset, float[] out, int outOffset) {
        MemorySegment.copy(data, KvLayouts.FLOAT, byteOffset, out, outOffset, headDim);
    }
}
