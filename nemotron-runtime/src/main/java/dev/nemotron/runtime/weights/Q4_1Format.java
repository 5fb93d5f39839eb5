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
    float scale(MemorySegment data, long block) {
        return Blocks.half(data, block);
    }

    @Override
    float min(MemorySegment data, long block) {
        return Blocks.half(data, block + 2);
    }

    @Override
    public float dot(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        return VectorSupport.AVAILABLE
                ? NibbleVector.dotQ4_1(data, byteOffset, x, vector, columns)
                : dotReference(data, byteOffset, x, vector, columns);
    }

    /** {@code quantize_row_q4_1_ref}: 16 levels spanning the block's minimum to maximum. */
    @Override
    public void quantize(float[] values, int offset, int count, MemorySegment out, long byteOffset) {
        int blocks = Blocks.blocks(type(), count);
        int[] codes = new int[BLOCK];
        for (int b = 0; b < blocks; b++) {
            int from = offset + b * BLOCK;
            long block = byteOffset + 20L * b;
            affineCodes(values, from, 16, codes, out, block);
            putNibbles(codes, out, block + 4);
        }
    }
}
