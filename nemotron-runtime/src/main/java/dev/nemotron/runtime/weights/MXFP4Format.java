package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;

/**
 * {@code block_mxfp4}, 32 weights in 17 bytes: {@code u8 e; u8 qs[16]}. Each nibble is an E2M1 value, stored
 * by ggml doubled as the integers {@link #VALUES} ({@code kvalues_mxfp4}) so that it can meet Q8_0 activations
 * in an integer dot; the E8M0 scale is therefore halved: weight {@code VALUES[nibble]·2^(e−128)}.
 */
final class MXFP4Format extends NibbleBlockFormat {

    static final MXFP4Format INSTANCE = new MXFP4Format();

    /** {@code kvalues_mxfp4}: twice the E2M1 values 0, 0.5, 1, 1.5, 2, 3, 4, 6 and their negatives. */
    static final byte[] VALUES = {0, 1, 2, 3, 4, 6, 8, 12, 0, -1, -2, -3, -4, -6, -8, -12};

    private MXFP4Format() {
    }

    @Override
    public GgmlType type() {
        return GgmlType.MXFP4;
    }

    @Override
    void codes(MemorySegment data, long block, int[] codes) {
        nibbles(data, block + 1, codes);
        for (int j = 0; j < BLOCK; j++) {
            codes[j] = VALUES[codes[j]];
        }
    }

    @Override
    float scale(MemorySegment data, long block) {
        return halfScale(Blocks.u8(data, block));
    }

    /** ggml's {@code GGML_E8M0_TO_FP32_HALF}: {@code 2^(e−128)}, subnormal for e &lt; 2 (e = 255 is not NaN). */
    static float halfScale(int e) {
        return Float.intBitsToFloat(e < 2 ? 0x00200000 << e : (e - 1) << 23);
    }

    @Override
    float vectorDot(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        return NibbleVector.dotMXFP4(data, byteOffset, x, vector, columns);
    }

    /**
     * As {@code quantize_row_mxfp4_ref}: the exponent puts the block's largest magnitude in the top octave of the
     * grid ({@code e = ⌊log2 amax⌋ − 2 + 127}), then each value takes its nearest grid point.
     */
    @Override
    void encode(float[] values, int from, int[] codes, MemorySegment out, long block) {
        float amax = Math.abs(Blocks.signedMax(values, from, BLOCK));
        int e = amax > 0 ? Math.clamp(Math.getExponent(amax) - 2 + 127, 1, 254) : 0;
        float d = halfScale(e);
        for (int j = 0; j < BLOCK; j++) {
            codes[j] = amax > 0 ? nearest(VALUES, values[from + j] / d) : 0;
        }
        Blocks.putByte(out, block, e);
        putNibbles(codes, out, block + 1);
    }
}
