package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;

/** {@code block_q5_1}, 32 weights in 24 bytes: {@code fp16 d, m; u8 qh[4]; u8 qs[16]}, weight {@code d·q5 + m}. */
final class Q5_1Format extends NibbleBlockFormat {

    static final Q5_1Format INSTANCE = new Q5_1Format();

    private Q5_1Format() {
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q5_1;
    }

    @Override
    boolean hasMin() {
        return true;
    }

    @Override
    void codes(MemorySegment data, long block, int[] codes) {
        Q5_0Format.fiveBit(data, block + 4, codes);
    }

    @Override
    float vectorDot(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        return NibbleVector.dotQ5_1(data, byteOffset, x, vector, columns);
    }

    /** {@code quantize_row_q5_1_ref}: 32 levels spanning the block's minimum to maximum. */
    @Override
    void encode(float[] values, int from, int[] codes, MemorySegment out, long block) {
        affineCodes(values, from, 32, codes, out, block);
        Q5_0Format.putFiveBit(codes, out, block + 4);
    }
}
