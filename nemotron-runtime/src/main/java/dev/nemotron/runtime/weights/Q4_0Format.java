package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;

/** {@code block_q4_0}, 32 weights in 18 bytes: {@code fp16 d; u8 qs[16]}, weight {@code d·(nibble − 8)}. */
final class Q4_0Format extends NibbleBlockFormat {

    static final Q4_0Format INSTANCE = new Q4_0Format();

    private Q4_0Format() {
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q4_0;
    }

    @Override
    void codes(MemorySegment data, long block, int[] codes) {
        nibbles(data, block + 2, codes);
        for (int j = 0; j < BLOCK; j++) {
            codes[j] -= 8;
        }
    }

    @Override
    float vectorDot(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        return NibbleVector.dotQ4_0(data, byteOffset, x, vector, columns);
    }

    /** {@code quantize_row_q4_0_ref}: the signed extreme maps to code 0 ({@code d = max/−8}). */
    @Override
    public void multiply(MemorySegment data, long byteOffset, int fromRow, int toRow, Activations x, float[] out,
            int outOffset, int outStride, int columns) {
        if (VectorSupport.TILED) {
            TileVector.multiply(TileVector.Q4_0, this, data, byteOffset, rowBytes(columns), fromRow, toRow, x,
                    out, outOffset, outStride, columns);
        } else {
            super.multiply(data, byteOffset, fromRow, toRow, x, out, outOffset, outStride, columns);
        }
    }

    @Override
    void encode(float[] values, int from, int[] codes, MemorySegment out, long block) {
        symmetricCodes(values, from, 8, codes, out, block);
        putNibbles(codes, out, block + 2);
    }
}
