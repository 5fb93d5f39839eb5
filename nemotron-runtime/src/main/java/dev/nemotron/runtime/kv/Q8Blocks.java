package dev.nemotron.runtime.kv;

import dev.nemotron.runtime.weights.Half;

/**
 * ggml's q8_0 rounding of a block of 32 floats, shared by the q8_0 cache and by the query that the q8_0 and q4_0
 * key codecs score against.
 *
 * <p>Both go through the CPU backend's {@code quantize_row_q8_0} (set_rows for the cache, the matmul's conversion
 * of the F32 operand to {@code vec_dot_type} = Q8_0 for the query), whose x86 version multiplies by
 * {@code 127/amax} and rounds half to even, unlike the reference quantizer's {@code roundf(x/d)}; that version is
 * the one reproduced.
 */
final class Q8Blocks {

    static final int SIZE = 32;

    private Q8Blocks() {
    }

    static float amax(float[] x, int from) {
        float amax = 0;
        for (int i = 0; i < SIZE; i++) {
            amax = Math.max(amax, Math.abs(x[from + i]));
        }
        return amax;
    }

    /** The factor that maps the block's largest magnitude to 127. */
    static float inverseScale(float amax) {
        return amax != 0 ? 127f / amax : 0f;
    }

    /** The stored block scale {@code fp16(amax/127)}, as bits. */
    static short scaleBits(float amax) {
        return Float.floatToFloat16(amax / 127f);
    }

    static int quantize(float x, float inverseScale) {
        return (int) Math.rint(x * inverseScale);
    }

    /**
     * Writes the q8_0 form of {@code q[offset, offset + n)} dequantized, {@code fp16(d)·q} per element (exact in
     * F32), to {@code out[outOffset…]}.
     */
    static void prepareQuery(float[] q, int offset, int n, float[] out, int outOffset) {
        for (int b = 0; b < n / SIZE; b++) {
            int from = offset + b * SIZE;
            float amax = amax(q, from);
            float id = inverseScale(amax);
            float d = Half.roundToHalf(amax / 127f);
            for (int i = 0; i < SIZE; i++) {
                out[outOffset + b * SIZE + i] = d * quantize(q[from + i], id);
            }
        }
    }
}
