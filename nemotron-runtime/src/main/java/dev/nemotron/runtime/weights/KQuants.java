package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;

/**
 * What the k-quants (super-blocks of 256 weights paired with {@link ActivationType#Q8_K}) share: the packed
 * 6-bit scales of Q4_K/Q5_K and the two-level quantizers that choose sub-block scales and then a super-block
 * scale for them.
 */
final class KQuants {

    static final int SUPER = 256;

    private KQuants() {
    }

    /**
     * {@code get_scale_min_k4}: scale ({@code which == 0}) or minimum ({@code which == 1}) of sub-block j of the
     * 12 bytes at {@code at}. Sub-blocks 0..3 use the low six bits of bytes j and j+4; 4..7 combine the nibbles
     * of byte j+4 with the top two bits of bytes j−4 (scale) and j (minimum).
     */
    static int scaleMin(MemorySegment data, long at, int j, int which) {
        if (j < 4) {
            return Blocks.u8(data, at + j + 4L * which) & 63;
        }
        int packed = Blocks.u8(data, at + j + 4);
        int top = Blocks.u8(data, at + j - 4 + 4L * which) >> 6;
        return (which == 0 ? packed & 15 : packed >> 4) | top << 4;
    }

    /**
     * All eight scales ({@code which == 0}) or minimums ({@code which == 1}) of {@link #scaleMin} at once, byte j
     * of the result being sub-block j's: the same unpacking done on 32-bit words, as ggml's dot kernels do.
     */
    static long scaleMins(MemorySegment data, long at, int which) {
        int first = data.get(Blocks.INT, at + 4L * which);
        int last = data.get(Blocks.INT, at + 8) >>> (4 * which);
        int low = first & 0x3f3f3f3f;
        int high = (last & 0x0f0f0f0f) | ((first >>> 6) & 0x03030303) << 4;
        return (low & 0xffffffffL) | (long) high << 32;
    }

    /** Inverse of {@link #scaleMin} for eight 6-bit scales and minimums. */
    static void putScaleMins(int[] scales, int[] mins, MemorySegment out, long at) {
        for (int j = 0; j < 4; j++) {
            Blocks.putByte(out, at + j, (scales[j] & 63) | (scales[j + 4] >> 4) << 6);
            Blocks.putByte(out, at + j + 4, (mins[j] & 63) | (mins[j + 4] >> 4) << 6);
            Blocks.putByte(out, at + j + 8, (scales[j + 4] & 15) | (mins[j + 4] & 15) << 4);
        }
    }

    /**
     * Affine codes {@code x ≈ d·sc·q − dmin·m} for one super-block: each sub-block of {@code size} gets the scale
     * and minimum of its range (the minimum clipped at 0, as ggml's {@code make_qkx} does), those are quantized to
     * {@code scaleLevels} levels against the super-block's {@code d} and {@code dmin} (returned rounded to fp16
     * in {@code superScales}), and each value takes the nearest of {@code levels} codes under its rounded scale.
     */
    static void affine(float[] x, int from, int size, int levels, int scaleLevels,
            int[] codes, int[] scales, int[] mins, float[] superScales) {
        int subBlocks = SUPER / size;
        float[] scale = new float[subBlocks];
        float[] offset = new float[subBlocks];
        float maxScale = 0;
        float maxOffset = 0;
        for (int s = 0; s < subBlocks; s++) {
            float min = 0;
            float max = 0;
            for (int i = from + s * size; i < from + (s + 1) * size; i++) {
                min = Math.min(min, x[i]);
                max = Math.max(max, x[i]);
            }
            scale[s] = (max - min) / (levels - 1);
            offset[s] = -min;
            if (scale[s] > 0) {
                refineAffine(x, from + s * size, size, levels, scale, offset, s);
            }
            maxScale = Math.max(maxScale, scale[s]);
            maxOffset = Math.max(maxOffset, offset[s]);
        }
        float d = Half.roundToHalf(maxScale / (scaleLevels - 1));
        float dmin = Half.roundToHalf(maxOffset / (scaleLevels - 1));
        superScales[0] = d;
        superScales[1] = dmin;
        for (int s = 0; s < subBlocks; s++) {
            scales[s] = d > 0 ? Math.clamp(Blocks.nearestInt(scale[s] / d), 0, scaleLevels - 1) : 0;
            mins[s] = dmin > 0 ? Math.clamp(Blocks.nearestInt(offset[s] / dmin), 0, scaleLevels - 1) : 0;
            float step = d * scales[s];
            float shift = dmin * mins[s];
            for (int i = s * size; i < (s + 1) * size; i++) {
                codes[i] = step > 0 ? Math.clamp(Blocks.nearestInt((x[from + i] + shift) / step), 0, levels - 1) : 0;
            }
        }
    }

    /**
     * Symmetric codes {@code x ≈ d·sc·q} with q in [−half, half−1] for one super-block: each sub-block's signed
     * extreme lands on −half, the sub-block scales are quantized to signed integers in
     * [−scaleHalf, scaleHalf−1] against {@code d} (returned, rounded to fp16), and each value takes the nearest
     * code under its rounded scale.
     */
    static float symmetric(float[] x, int from, int size, int half, int scaleHalf, int[] codes, int[] scales) {
        int subBlocks = SUPER / size;
        float[] scale = new float[subBlocks];
        for (int s = 0; s < subBlocks; s++) {
            scale[s] = Blocks.signedMax(x, from + s * size, size) / -half;
            if (scale[s] != 0) {
                scale[s] = refineSymmetric(x, from + s * size, size, half, scale[s]);
            }
        }
        float d = Half.roundToHalf(Blocks.signedMax(scale, 0, subBlocks) / -scaleHalf);
        for (int s = 0; s < subBlocks; s++) {
            scales[s] = d != 0 ? Math.clamp(Blocks.nearestInt(scale[s] / d), -scaleHalf, scaleHalf - 1) : 0;
            float step = d * scales[s];
            for (int i = s * size; i < (s + 1) * size; i++) {
                codes[i] = step != 0 ? Math.clamp(Blocks.nearestInt(x[from + i] / step), -half, half - 1) : 0;
            }
        }
        return d;
    }

    /**
     * Least-squares refits of a sub-block's affine scale and offset ({@code x ≈ scale·q − offset}, offset ≥ 0) to
     * the codes they give, kept while the squared error falls: the range's end points are rarely the best grid.
     */
    private static void refineAffine(float[] x, int from, int size, int levels, float[] scale, float[] offset,
            int s) {
        double best = Double.MAX_VALUE;
        float step = scale[s];
        float shift = offset[s];
        for (int iteration = 0; iteration < 4 && step > 0; iteration++) {
            double n = size;
            double sq = 0;
            double sx = 0;
            double sqq = 0;
            double sqx = 0;
            double error = 0;
            for (int i = from; i < from + size; i++) {
                int q = Math.clamp(Blocks.nearestInt((x[i] + shift) / step), 0, levels - 1);
                double e = step * q - shift - x[i];
                error += e * e;
                sq += q;
                sx += x[i];
                sqq += (double) q * q;
                sqx += q * (double) x[i];
            }
            if (error >= best) {
                return;
            }
            best = error;
            scale[s] = step;
            offset[s] = shift;
            double denominator = n * sqq - sq * sq;
            if (denominator <= 0) {
                return;
            }
            double slope = (n * sqx - sq * sx) / denominator;
            double intercept = (sx - slope * sq) / n;
            if (intercept > 0) {
                intercept = 0;
                slope = sqx / sqq;
            }
            step = (float) slope;
            shift = (float) -intercept;
        }
    }

    /** As {@link #refineAffine} for {@code x ≈ scale·q}, q in [−half, half−1]; returns the refitted scale. */
    private static float refineSymmetric(float[] x, int from, int size, int half, float scale) {
        double best = Double.MAX_VALUE;
        float kept = scale;
        float step = scale;
        for (int iteration = 0; iteration < 4 && step != 0; iteration++) {
            double sqq = 0;
            double sqx = 0;
            double error = 0;
            for (int i = from; i < from + size; i++) {
                int q = Math.clamp(Blocks.nearestInt(x[i] / step), -half, half - 1);
                double e = step * q - x[i];
                error += e * e;
                sqq += (double) q * q;
                sqx += q * (double) x[i];
            }
            if (error >= best || sqq == 0) {
                return kept;
            }
            best = error;
            kept = step;
            step = (float) (sqx / sqq);
        }
        return kept;
    }
}
