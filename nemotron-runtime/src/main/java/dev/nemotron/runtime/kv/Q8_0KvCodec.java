package dev.nemotron.runtime.kv;

import org.jspecify.annotations.Nullable;

import java.lang.foreign.MemorySegment;

/**
 * llama.cpp's {@code q8_0} cache type: blocks of 32 values, each {fp16 d; int8 qs[32]} (34 bytes, 8.5 bits per
 * value), {@code x ≈ d·q}.
 *
 * <p>Keys: ggml's matmul of a q8_0 matrix converts the query to q8_0 as well and computes
 * {@code Σ_b (d_k·d_q)·Σ q_k·q_q}. Here both sides are expanded to {@code d·q} (exact in F32: an 8-bit integer
 * times an fp16 scale) and their F32 dot product is taken, which is that sum up to the rounding of the products
 * (about 1e-7 relative, the size of the summation-order differences between any two SIMD kernels). Values: llama.cpp
 * accepts a quantized V cache only with flash attention, whose CPU kernel dequantizes each value row to F32 and
 * adds it with the unrounded softmax weight; so does the attention here.
 */
final class Q8_0KvCodec extends BlockKvCodec {

    private static final int BLOCK_BYTES = 2 + Q8Blocks.SIZE;

    Q8_0KvCodec(int headDim, @Nullable Rotation rotation) {
        super(headDim, BLOCK_BYTES, rotation);
    }

    @Override
    public String id() {
        return "q8_0";
    }

    @Override
    void encodeBlocks(float[] x, int offset, MemorySegment out, long byteOffset) {
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
    public void expand(MemorySegment data, long byteOffset, float[] out, int outOffset) {
        for (int b = 0; b < blocks; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float d = Float.float16ToFloat(data.get(KvLayouts.SHORT, block));
            KvKernels.widenQ8(data, block + 2, d, out, outOffset + b * Q8Blocks.SIZE);
        }
    }
}
