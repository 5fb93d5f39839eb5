package dev.nemotron.runtime.mlx;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import dev.nemotron.runtime.weights.WeightFormats;

/**
 * Rows of an mxfp4 module: 4-bit E2M1 codes, byte j of a row holding element 2j in its low nibble and 2j + 1 in
 * its high nibble, and one E8M0 scale byte e per 32 elements in {@code X.scales}: {@code w = E2M1[q] · 2^(e−127)},
 * exact in float.
 */
final class Mxfp4Rows extends MlxRows {

    /** E2M1: sign in bit 3, magnitude 0, 0.5, 1, 1.5, 2, 3, 4, 6. */
    static final float[] E2M1 = {0f, 0.5f, 1f, 1.5f, 2f, 3f, 4f, 6f, -0f, -0.5f, -1f, -1.5f, -2f, -3f, -4f, -6f};
    /** Elements per scale. */
    static final int GROUP = 32;

    private final MemorySegment codes;
    private final MemorySegment scales;
    private final long rowBytes;
    private final int groupsPerRow;

    Mxfp4Rows(SafetensorsTensor weight, SafetensorsTensor scales, int columns, long firstRow) {
        super(firstRow);
        this.codes = weight.data();
        this.scales = scales.data();
        this.rowBytes = columns / 2;
        this.groupsPerRow = columns / GROUP;
    }

    @Override
    public String typeName() {
        return "mxfp4";
    }

    /**
     * E8M0: {@code 2^(e−127)}. Byte 0 is 2^−127 (a subnormal float), as MLX decodes it; 255 is the format's NaN.
     */
    static float scale(int e) {
        return e == 255 ? Float.NaN : Math.scalb(1f, e - 127);
    }

    /** Whether groups go through {@link CodeVector}. */
    private static final boolean VECTOR = WeightFormats.vectorKernels() && CodeVector.NATIVE;

    @Override
    public void dequantize(int row, float[] out, int outOffset, int count) {
        decode(row, out, outOffset, count, VECTOR);
    }

    /** The scalar decoder alone, the reference the vector decoder is tested against. */
    void dequantizeReference(int row, float[] out, int outOffset, int count) {
        decode(row, out, outOffset, count, false);
    }

    /** Group by group: the vector decoder takes what it can, the scalar one two codes per byte the rest. */
    private void decode(int row, float[] out, int outOffset, int count, boolean vector) {
        long r = firstRow + row;
        long rowStart = r * rowBytes;
        long groupIndex = r * groupsPerRow;
        int groups = count / GROUP;
        for (int g = 0; g < groups; g++) {
            float s = scale(scales.get(ValueLayout.JAVA_BYTE, groupIndex + g) & 0xff);
            long groupStart = rowStart + (long) g * GROUP / 2;
            int o = outOffset + g * GROUP;
            int j = vector ? CodeVector.decodeMxfp4(codes, groupStart, s, out, o, GROUP) / 2 : 0;
            for (; j < GROUP / 2; j++) {
                int pair = codes.get(ValueLayout.JAVA_BYTE, groupStart + j);
                out[o + 2 * j] = E2M1[pair & 15] * s;
                out[o + 2 * j + 1] = E2M1[(pair >>> 4) & 15] * s;
            }
        }
    }
}
