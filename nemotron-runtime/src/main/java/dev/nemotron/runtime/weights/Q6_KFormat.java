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

    /** The signed code (q − 32) of element i (0..255) of the super-block at {@code block}. */
    private static int code(MemorySegment data, long block, int i) {
        int low = (Blocks.u8(data, block + lowByte(i)) >> lowShift(i)) & 15;
        int high = (Blocks.u8(data, block + highByte(i)) >> highShift(i)) & 3;
        return (low | high << 4) - 32;
    }

    /** Element i = 128n + 32k + l keeps its low four bits in nibble k/2 of {@code ql[64n + 32·(k%2) + l]}. */
    private static long lowByte(int i) {
        return 64L * (i / 128) + 32 * ((i % 128) / 32 % 2) + i % 32;
    }

    private static int lowShift(int i) {
        return 4 * ((i % 128) / 64);
    }

    /** ... and its top two bits at shift 2k of {@code qh[32n + l]}. */
    private static long highByte(int i) {
        return 128 + 32L * (i / 128) + i % 32;
    }

    private static int highShift(int i) {
        return 2 * ((i % 128) / 32);
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
            long low = block + lowByte(i);
            Blocks.putByte(out, low, Blocks.u8(out, low) | (u & 15) << lowShift(i));
            long high = block + highByte(i);
            Blocks.putByte(out, high, Blocks.u8(out, high) | (u >> 4) << highShift(i));
        }
        for (int s = 0; s < 16; s++) {
            Blocks.putByte(out, block + 192 + s, scales[s]);
        }
        Blocks.putHalf(out, block + 208, d);
    }
}
