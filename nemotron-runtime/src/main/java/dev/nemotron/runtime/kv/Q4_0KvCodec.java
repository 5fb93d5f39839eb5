package dev.nemotron.runtime.kv;

import org.jspecify.annotations.Nullable;

import java.lang.foreign.MemorySegment;

/**
 * llama.cpp's {@code q4_0} cache type: blocks of 32 values, each {fp16 d; qs[16]} (18 bytes, 4.5 bits per value),
 * byte {@code j} holding element {@code j} in its low nibble and element {@code j + 16} in its high nibble,
 * {@code x ≈ d·(q − 8)}.
 *
 * <p>The encoder is {@code quantize_row_q4_0_ref} (the CPU backend has no other): {@code d = m / −8} with
 * {@code m} the signed value of largest magnitude, {@code q = min(15, trunc(x/d + 8.5))}. Keys are scored
 * against the q8_0 form of the query (q4_0's {@code vec_dot_type}), values are dequantized to F32 before the
 * weighted sum, both as for {@link Q8_0KvCodec}.
 */
final class Q4_0KvCodec extends BlockKvCodec {

    private static final int HALF = Q8Blocks.SIZE / 2;
    private static final int BLOCK_BYTES = 2 + HALF;

    Q4_0KvCodec(int headDim, @Nullable Rotation rotation) {
        super(headDim, BLOCK_BYTES, rotation);
    }

    @Override
    public String id() {
        return "q4_0";
    }

    @Override
    void encodeBlocks(float[] x, int offset, MemorySegment out, long byteOffset) {
        for (int b = 0; b < blocks; b++) {
            int from = offset + b * Q8Blocks.SIZE;
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float max = 0;
            float amax = 0;
            for (int i = 0; i < Q8Blocks.SIZE; i++) {
                float ax = Math.abs(x[from + i]);
                if (ax > amax) {
                    amax = ax;
                    max = x[from + i];
                }
            }
            float d = max / -8f;
            float id = d != 0 ? 1f / d : 0f;
            out.set(KvLayouts.SHORT, block, Float.floatToFloat16(d));
            for (int j = 0; j < HALF; j++) {
                int lo = Math.min(15, (int) (x[from + j] * id + 8.5f));
                int hi = Math.min(15, (int) (x[from + j + HALF] * id + 8.5f));
                out.set(KvLayouts.BYTE, block + 2 + j, (byte) (lo | hi << 4));
            }
        }
    }

    @Override
    public void expand(MemorySegment data, long byteOffset, float[] out, int outOffset) {
        for (int b = 0; b < blocks; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float d = Float.float16ToFloat(data.get(KvLayouts.SHORT, block));
            KvKernels.widenQ4(data, block + 2, d, out, outOffset + b * Q8Blocks.SIZE);
        }
    }
}
