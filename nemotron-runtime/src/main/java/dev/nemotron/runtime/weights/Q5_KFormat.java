package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;

/**
 * {@code block_q5_K}, 256 weights in 176 bytes: {@code fp16 d, dmin; u8 scales[12]; u8 qh[32]; u8 qs[128]}. As
 * Q4_K, plus a fifth bit: element l of sub-block j takes bit j of {@code qh[l]}. Weight {@code d·sc·q − dmin·m}.
 */
final class Q5_KFormat extends ScaleMinFormat {

    static final Q5_KFormat INSTANCE = new Q5_KFormat();

    private Q5_KFormat() {
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q5_K;
    }

    @Override
    void decode(MemorySegment data, long block, int[] codes) {
        for (int i = 0; i < SUPER; i++) {
            codes[i] = code(data, block, i);
        }
    }

    private static int code(MemorySegment data, long block, int i) {
        int j = i / 32;
        int l = i % 32;
        int low = (Blocks.u8(data, block + 48 + 32L * (j / 2) + l) >> (4 * (j % 2))) & 15;
        return low | ((Blocks.u8(data, block + 16 + l) >> j) & 1) << 4;
    }

    @Override
    int vectorSum(MemorySegment data, long block, byte[] q, int q0) {
        return KQuantVector.sumQ5_K(data, block, q, q0);
    }

    @Override
    int levels() {
        return 32;
    }
}
