package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;

/**
 * {@code block_q6_K}, 256 weights in 210 bytes: {@code u8 ql[128]; u8 qh[64]; i8 scales[16]; fp16 d}. Two
 * halves of 128; in half n, element {@code l + 32k} (l in 0..31, k in 0..3) takes the low (k even) or high
 * (k odd) nibble of {@code ql[64n + l + 32·(k%2)]} and bits 2k..2k+1 of {@code qh[32n + l]}; sub-blocks of 16
 * with signed 8-bit scales. Weight {@code d·sc·(q − 32)}.
 */
final class Q6_KFormat extends SuperBlockFormat {

    static final Q6_KFormat INSTANCE = new Q6_KFormat();

    private Q6_KFormat() {
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q6_K;
    }

    /** The signed code (q − 32) of element i (0..255) of the super-block at {@code block}. */
    @Override
    int subBlock() {
        return 16;
    }

    @Override
    void decode(MemorySegment data, long block, int[] codes) {
        for (int i = 0; i < SUPER; i++) {
            codes[i] = code(data, block, i);
        }
    }

    private static int code(MemorySegment data, long block, int i) {
        int n = i / 128;
        int k = (i % 128) / 32;
        int l = i % 32;
        int low = (Blocks.u8(data, block + 64L * n + l + 32 * (k % 2)) >> (4 * (k / 2))) & 15;
        int high = (Blocks.u8(data, block + 128 + 32L * n + l) >> (2 * k)) & 3;
        return (low | high << 4) - 32;
    }

    @Override
    int scale(MemorySegment data, long block, int s) {
        return Blocks.i8(data, block + 192 + s);
    }

    @Override
    float superScale(MemorySegment data, long block) {
        return Blocks.half(data, block + 208);
    }

    @Override
    int vectorSum(MemorySegment data, long block, byte[] q, int q0) {
        return KQuantVector.sumQ6_K(data, block, q, q0);
    }

    @Override
    void encode(float[] values, int from, MemorySegment out, long block) {
        int[] codes = new int[SUPER];
        int[] scales = new int[16];
        float d = KQuants.symmetric(values, from, 16, 32, 128, codes, scales);
        out.asSlice(block, 192).fill((byte) 0);
        for (int i = 0; i < SUPER; i++) {
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
