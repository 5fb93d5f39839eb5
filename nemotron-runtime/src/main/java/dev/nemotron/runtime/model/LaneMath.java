package dev.nemotron.runtime.model;

/**
 * The exp and SiLU of ggml's AVX2 kernels ({@code ggml_v_expf}, {@code ggml_v_silu}), one lane at a time.
 *
 * <p>llama.cpp's CPU build applies SiLU (after the Mamba conv, and in the silu(z) gate) eight floats at a time
 * with a polynomial exp, not with libm: its results are within about 1.5 ulp of e^x, not the correctly rounded
 * ones. A value one ulp off lands on the other side of a bf16 or fp16 rounding boundary now and then, and the
 * Mamba state carries that to every later token, so the engine computes the same polynomial. Each step is
 * lane-wise (FMAs, one multiply, integer adds on the bit patterns), so this scalar form gives the vector kernel's
 * bits exactly.
 */
final class LaneMath {

    /** 1.5·2^23: adding it rounds a float to an integer held in the low mantissa bits. */
    private static final float SHIFTER = 0x1.8p23f;

    private LaneMath() {
    }

    /** e^x as {@code ggml_v_expf} computes it on AVX2 with FMA. */
    static float exp(float x) {
        float z = Math.fma(x, 0x1.715476p+0f, SHIFTER);
        float n = z - SHIFTER;
        float b = Math.fma(-n, 0x1.7f7d1cp-20f, Math.fma(-n, 0x1.62e4p-1f, x));
        int e = Float.floatToRawIntBits(z) << 23;
        float k = Float.intBitsToFloat(e + Float.floatToRawIntBits(1f));
        float u = b * b;
        float j = Math.fma(Math.fma(Math.fma(0x1.0e4020p-7f, b, 0x1.573e2ep-5f), u,
                Math.fma(0x1.555e66p-3f, b, 0x1.fffdb6p-2f)), u, 0x1.ffffecp-1f * b);
        if (!(Math.abs(n) > 126)) {
            return Math.fma(k, j, k);
        }
        // Beyond 2^±126 the scale 2^n is applied as two factors, so that neither over- nor underflows early.
        int g = n <= 0 ? 0x82000000 : 0;
        float s1 = Float.intBitsToFloat(g + 0x7f000000);
        if (Math.abs(n) > 192) {
            return s1 * s1;
        }
        float s2 = Float.intBitsToFloat(e - g);
        return Math.fma(s2, j, s2) * s1;
    }

    /**
     * SiLU of element {@code index} of a row of {@code width}, as {@code ggml_vec_silu_f32} and
     * {@code ggml_vec_swiglu_f32} compute it: eight at a time with {@code ggml_v_silu}
     * ({@code x / (1 + exp(0 - x))}), the last {@code width % 8} with libm's {@code expf}.
     */
    static float silu(float x, int index, int width) {
        return index < (width & ~7) ? x / (1f + exp(0f - x)) : x / (1f + Libm.expf(-x));
    }
}
