package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;

/**
 * {@code block_q4_K}, 256 weights in 144 bytes: {@code fp16 d, dmin; u8 scales[12]; u8 qs[128]}. Eight
 * sub-blocks of 32 with 6-bit scale and minimum ({@link KQuants#scaleMin}); the 32 bytes of chunk c hold
 * sub-block 2c in their low and 2c+1 in their high nibbles. Weight {@code d·sc·q − dmin·m}.
 */
final class Q4_KFormat extends ScaleMinFormat {

    static final Q4_KFormat INSTANCE = new Q4_KFormat();

    private Q4_KFormat() {
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q4_K;
    }

    @Override
    void decode(MemorySegment data, long block, int[] codes) {
        for (int i = 0; i < SUPER; i++) {
            codes[i] = code(data, block, i);
        }
    }

    private static int code(MemorySegment data, long block, int i) {
        int j = i / 32;
        return (Blocks.u8(data, block + 16 + 32L * (j / 2) + i % 32) >> (4 * (j % 2))) & 15;
    }

    @Override
    int vectorSum(MemorySegment data, long block, byte[] q, int q0) {
        return KQuantVector.sumQ4_K(data, block, q, q0);
    }

    @Override
    int levels() {
        return 16;
    }
}
