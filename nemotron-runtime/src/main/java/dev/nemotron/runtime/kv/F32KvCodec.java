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
    public void decode(MemorySegment data, long byteOffset, float[] out, int outOffset) {
        MemorySegment.copy(data, KvLayouts.FLOAT, byteOffset, out, outOffset, headDim);
    }

    @Override
    public void prepareQuery(float[] q, int offset, float[] out, int outOffset) {
        System.arraycopy(q, offset, out, outOffset, headDim);
    }

    @Override
    public float score(float[] preparedQuery, int offset, MemorySegment data, long byteOffset) {
        float sum = 0;
        for (int j = 0; j < headDim; j++) {
            sum += preparedQuery[offset + j] * data.get(KvLayouts.FLOAT, byteOffset + 4L * j);
        }
        return sum;
    }

    @Override
    public void accumulate(float weight, MemorySegment data, long byteOffset, float[] acc, int accOffset) {
        for (int j = 0; j < headDim; j++) {
            acc[accOffset + j] += weight * data.get(KvLayouts.FLOAT, byteOffset + 4L * j);
        }
    }

    @Override
    public void finish(float[] acc, int accOffset, float[] out, int outOffset) {
        System.arraycopy(acc, accOffset, out, outOffset, headDim);
    }
}
