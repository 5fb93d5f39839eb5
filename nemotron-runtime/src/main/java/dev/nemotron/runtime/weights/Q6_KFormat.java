package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;

/**
 * {@code block_q6_K}, 256 weights in 210 bytes: {@code u8 ql[128]; u8 qh[64]; i8 scales[16]; fp16 d}. Two
 * halves of 128; in half n, element {@code l + 32k} (l in 0..31, k in 0..3) takes the low (k even) or high
 * (k odd) nibble of {@code ql[64n + l + 32·(k%2)]} and bits 2k..2k+1 of {@code qh[32n + l]}; sub-blocks of 16
 * with signed 8-bit scales. Weight {@code d·sc·(q − 32)}.
 */
final class Q6_KFormat implements WeightFormat {

    static final Q6_KFormat INSTANCE = new Q6_KFormat();

    private static final int BYTES = 210;

    private Q6_KFormat() {
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q6_K;
    }

    @Override
    public ActivationType activationType() {
        return ActivationType.Q8_K;
    }

    /** The signed code (q − 32) of element i (0..255) of the super-block at {@code block}. */
    private static int code(MemorySegment data, long block, int i) {
        int n = i / 128;
        int k = (i % 128) / 32;
        int l = i % 32;
        int low = (Blocks.u8(data, block + 64L * n + l + 32 * (k % 2)) >> (4 * (k / 2))) & 15;
        int high = (Blocks.u8(data, block + 128 + 32L * n + l) >> (2 * k)) & 3;
        return (low | high << 4) - 32;
    }

    @Override
    public void dequantize(MemorySegment data, long byteOffset, float[] out, int outOffset, int count) {
        int blocks = Blocks.blocks(type(), count);
        for (int b = 0; b < blocks; b++) {
            long block = byteOffset + (long) b * BYTES;
            float d = Blocks.half(data, block + 208);
            for (int i = 0; i < KQuants.SUPER; i++) {
                // ggml multiplies (d·sc)·q: d·sc is exact, the product with q may round
                float scale = d * Blocks.i8(data, block + 192 + i / 16);
                out[outOffset + b * KQuants.SUPER + i] = scale * code(data, block, i);
            }
        }
    }

    /** {@code ggml_vec_dot_q6_K_q8_K}: {@code d·Σ sc·Σ q·q8} over the 16 sub-blocks of 16. */
    @Override
    public float dotReference(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        int blocks = Blocks.blocks(type(), columns);
        byte[] q = x.quants();
        float sum = 0;
        for (int b = 0; b < blocks; b++) {
            long block = byteOffset + (long) b * BYTES;
            int q0 = vector * x.length() + b * KQuants.SUPER;
            int isum = 0;
            for (int s = 0; s < 16; s++) {
                int sub = 0;
                for (int i = 16 * s; i < 16 * s + 16; i++) {
                    sub += code(data, block, i) * q[q0 + i];
                }
                isum += Blocks.i8(data, block + 192 + s) * sub;
            }
            sum += Blocks.half(data, block + 208) * x.scales()[vector * x.blocks() + b] * isum;
        }
        return sum;
    }

    @Override
    public float dot(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        return VectorSupport.AVAILABLE
                ? KQuantVector.dotQ6_K(data, byteOffset, x, vector, columns)
                : dotReference(data, byteOffset, x, vector, columns);
    }

    @Override
    public void quantize(float[] values, int offset, int count, MemorySegment out, long byteOffset) {
        int blocks = Blocks.blocks(type(), count);
        int[] codes = new int[KQuants.SUPER];
        int[] scales = new int[16];
        for (int b = 0; b < blocks; b++) {
            long block = byteOffset + (long) b * BYTES;
            float d = KQuants.symmetric(values, offset + b * KQuants.SUPER, 16, 32, 128, codes, scales);
            out.asSlice(block, 192).fill((byte) 0);
            for (int i = 0; i < KQuants.SUPER; i++) {
                int u = codes[i] + 32;
                int n = i / 128;
                int k = (i % 128) / 32;
                int l = i % 32;
                long low = block + 64L * n + l + 32 * (k % 2);
                Blocks.putByte(out, low, Blocks.u8(out, low) | (u & 15) << (4 * (k / 2)));
                long high = block + 128 + 32L * n + l;
                Blocks.putByte(out, high, Blocks.u8(out, high) | (u >> 4) << (2 * k));
            }
            for (int s = 0; s < 16; s++) {
                Blocks.putByte(out, block + 192 + s, scales[s]);
            }
            Blocks.putHalf(out, block + 208, d);
        }
    }
}
