package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;

/**
 * {@code block_iq4_nl}, 32 weights in 18 bytes: {@code fp16 d; u8 qs[16]}, weight {@code d·T[nibble]} with the
 * non-linear grid {@link #VALUES} ({@code kvalues_iq4nl}), denser near zero where trained weights cluster.
 */
final class IQ4_NLFormat extends NibbleBlockFormat {

    static final IQ4_NLFormat INSTANCE = new IQ4_NLFormat();

    /** {@code kvalues_iq4nl}. */
    static final byte[] VALUES = {-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113};

    private IQ4_NLFormat() {
    }

    @Override
    public GgmlType type() {
        return GgmlType.IQ4_NL;
    }

    @Override
    void codes(MemorySegment data, long block, int[] codes) {
        nibbles(data, block + 2, codes);
        for (int j = 0; j < BLOCK; j++) {
            codes[j] = VALUES[codes[j]];
        }
    }

    @Override
    float vectorDot(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        return NibbleVector.dotIQ4_NL(data, byteOffset, x, vector, columns);
    }

    @Override
    void encode(float[] values, int from, int[] codes, MemorySegment out, long block) {
        Blocks.putHalf(out, block, gridScale(values, from, BLOCK, codes));
        putNibbles(codes, out, block + 2);
    }

    /**
     * Chooses the scale of {@code count} values on the grid and their grid indices: first the signed extreme on
     * the grid's end (−127), then the least-squares scale for those indices if it fits better. The scale is
     * rounded to fp16 before the indices are chosen, since that is the scale the dot will use.
     */
    static float gridScale(float[] values, int from, int count, int[] indices) {
        float d = Half.roundToHalf(Blocks.signedMax(values, from, count) / VALUES[0]);
        if (d == 0) {
            java.util.Arrays.fill(indices, 0, count, nearest(VALUES, 0));
            return 0;
        }
        double error = assign(values, from, count, d, indices);
        double xv = 0;
        double vv = 0;
        for (int j = 0; j < count; j++) {
            xv += values[from + j] * VALUES[indices[j]];
            vv += VALUES[indices[j]] * VALUES[indices[j]];
        }
        float refined = Half.roundToHalf((float) (xv / vv));
        int[] trial = new int[count];
        if (refined != 0 && assign(values, from, count, refined, trial) < error) {
            System.arraycopy(trial, 0, indices, 0, count);
            return refined;
        }
        assign(values, from, count, d, indices);
        return d;
    }

    /** Nearest grid indices of {@code count} values under scale {@code d}; returns the squared error. */
    static double assign(float[] values, int from, int count, float d, int[] indices) {
        double error = 0;
        for (int j = 0; j < count; j++) {
            indices[j] = d != 0 ? nearest(VALUES, values[from + j] / d) : nearest(VALUES, 0);
            double e = values[from + j] - d * VALUES[indices[j]];
            error += e * e;
        }
        return error;
    }
}
