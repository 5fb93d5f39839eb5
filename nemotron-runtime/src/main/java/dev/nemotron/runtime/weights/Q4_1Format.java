package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;

/** {@code block_q4_1}, 32 weights in 20 bytes: {@code fp16 d, m; u8 qs[16]}, weight {@code d·nibble + m}. */
final class Q4_1Format extends NibbleBlockFormat {

    static final Q4_1Format INSTANCE = new Q4_1Format();

    private Q4_1Format() {
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q4_1;
    }

    @Override
    boolean hasMin() {
        return true;
    }

    @Override
    void codes(MemorySegment data, long block, int[] codes) {
        nibbles(data, block + 4, codes);
    }

    @Override
    float vectorDot(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        return NibbleVector.dotQ4_1(data, byteOffset, x, vector, columns);
    }

    /** {@code quantize_row_q4_1_ref}: 16 levels spanning the block's minimum to maximum. */
    @Override
    void encode(float[] values, int from, int[] codes, MemorySegment out, long block) {
        affineCodes(values, from, 16, codes, out, block);
        putNibbles(codes, out, block + 4);
    }
}
