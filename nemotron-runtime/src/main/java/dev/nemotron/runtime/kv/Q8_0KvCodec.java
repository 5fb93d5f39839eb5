package dev.nemotron.runtime.kv;

import java.lang.foreign.MemorySegment;

/**
 * llama.cpp's {@code q8_0} cache type: blocks of 32 values, each {fp16 d; int8 qs[32]} (34 bytes, 8.5 bits per
 * value), {@code x ≈ d·q}.
 *
 * <p>Keys: ggml's matmul of a q8_0 matrix converts the query to q8_0 too and takes integer dot products per
 * block, {@code Σ_b (d_k·d_q)·Σ q_k·q_q}; so does this codec. Values: llama.cpp accepts a quantized V cache only
 * with flash attention, whose CPU kernel dequantizes each value row to F32 and adds it with the F32 softmax weight;
 * that is what {@link #accumulate} does.
 */
final class Q8_0KvCodec implements KvCodec {

    private static final int BLOCK_BYTES = 2 + Q8Blocks.SIZE;

    private final int headDim;
    private final int blocks;

    Q8_0KvCodec(int headDim) {
        this.headDim = headDim;
        this.blocks = headDim / Q8Blocks.SIZE;
    }

    @Override
    public String id() {
        return "q8_0";
    }

    @Override
    public int headDim() {
        return headDim;
    }

    @Override
    public int bytesPerVector() {
        return blocks * BLOCK_BYTES;
    }

    @Override
    public int preparedQueryLength() {
        return headDim + blocks;
    }

    @Override
    public void encode(float[] x, int offset, MemorySegment out, long byteOffset) {
        for (int b = 0; b < blocks; b++) {
            int from = offset + b * Q8Blocks.SIZE;
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float amax = Q8Blocks.amax(x, from);
            float id = Q8Blocks.inverseScale(amax);
            out.set(KvLayouts.SHORT, block, Q8Blocks.scaleBits(amax));
            for (int i = 0; i < Q8Blocks.SIZE; i++) {
                out.set(KvLayouts.BYTE, block + 2 + i, (byte) Q8Blocks.quantize(x[from + i], id));
            }
        }
    }

    @Override
    public void decode(MemorySegment data, long byteOffset, float[] out, int outOffset) {
        for (int b = 0; b < blocks; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float d = Float.float16ToFloat(data.get(KvLayouts.SHORT, block));
            for (int i = 0; i < Q8Blocks.SIZE; i++) {
                out[outOffset + b * Q8Blocks.SIZE + i] = d * data.get(KvLayouts.BYTE, block + 2 + i);
            }
        }
    }

    @Override
    public void prepareQuery(float[] q, int offset, float[] out, int outOffset) {
        Q8Blocks.prepareQuery(q, offset, headDim, out, outOffset);
    }

    @Override
    public float score(float[] preparedQuery, int offset, MemorySegment data, long byteOffset) {
        float sum = 0;
        for (int b = 0; b < blocks; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            int q0 = offset + b * Q8Blocks.SIZE;
            int dot = 0;
            for (int i = 0; i < Q8Blocks.SIZE; i++) {
                dot += (int) preparedQuery[q0 + i] * data.get(KvLayouts.BYTE, block + 2 + i);
            }
            float d = Float.float16ToFloat(data.get(KvLayouts.SHORT, block)) * preparedQuery[offset + headDim + b];
            sum += d * dot;
        }
        return sum;
    }

    @Override
    public void accumulate(float weight, MemorySegment data, long byteOffset, float[] acc, int accOffset) {
        for (int b = 0; b < blocks; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float d = Float.float16ToFloat(data.get(KvLayouts.SHORT, block));
            int a0 = accOffset + b * Q8Blocks.SIZE;
            for (int i = 0; i < Q8Blocks.SIZE; i++) {
                acc[a0 + i] += weight * (d * data.get(KvLayouts.BYTE, block + 2 + i));
            }
        }
    }

    @Override
    public void finish(float[] acc, int accOffset, float[] out, int outOffset) {
        System.arraycopy(acc, accOffset, out, outOffset, headDim);
    }
}
