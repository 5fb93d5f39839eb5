package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;

/**
 * {@code block_q5_0}, 32 weights in 22 bytes: {@code fp16 d; u8 qh[4]; u8 qs[16]}. Bit j of the little-endian
 * {@code qh} is the fifth bit of element j; weight {@code d·(q5 − 16)}.
 */
final class Q5_0Format extends NibbleBlockFormat {

    static final Q5_0Format INSTANCE = new Q5_0Format();

    private Q5_0Format() {
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q5_0;
    }

    @Override
    void codes(MemorySegment data, long block, int[] codes) {
        fiveBit(data, block + 2, codes);
        for (int j = 0; j < BLOCK; j++) {
            codes[j] -= 16;
        }
    }

    @Override
    float vectorDot(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        return NibbleVector.dotQ5_0(data, byteOffset, x, vector, columns);
    }

    @Override
    public void multiply(MemorySegment data, long byteOffset, int fromRow, int toRow, Activations x, float[] out,
            int outOffset, int outStride, int columns) {
        if (VectorSupport.TILED) {
            TileVector.multiply(TileVector.Q5_0, this, data, byteOffset, rowBytes(columns), fromRow, toRow, x,
                    out, outOffset, outStride, columns);
        } else {
            super.multiply(data, byteOffset, fromRow, toRow, x, out, outOffset, outStride, columns);
        }
    }

    /** {@code quantize_row_q5_0_ref}: the signed extreme maps to code 0 ({@code d = max/−16}). */
    @Override
    void encode(float[] values, int from, int[] codes, MemorySegment out, long block) {
        symmetricCodes(values, from, 16, codes, out, block);
        putFiveBit(codes, out, block + 2);
    }

    /** Reads {@code qh[4]} at {@code qh} and the 16 nibble bytes after it into 5-bit codes 0..31. */
    static void fiveBit(MemorySegment data, long qh, int[] codes) {
        int high = data.get(Blocks.INT, qh);
        nibbles(data, qh + 4, codes);
        for (int j = 0; j < BLOCK; j++) {
            codes[j] |= ((high >>> j) & 1) << 4;
        }
    }

    /** Writes 5-bit codes as {@code qh[4]} at {@code qh} followed by the 16 nibble bytes. */
    static void putFiveBit(int[] codes, MemorySegment out, long qh) {
        int high = 0;
        for (int j = 0; j < BLOCK; j++) {
            high |= ((codes[j] >> 4) & 1) << j;
        }
        out.set(Blocks.INT, qh, high);
        putNibbles(codes, out, qh + 4);
    }
}
