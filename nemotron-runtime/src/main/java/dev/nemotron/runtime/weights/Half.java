package dev.nemotron.runtime.weights;

/** Conversions between float and the 16-bit formats, rounding to nearest even as ggml does. */
public final class Half {

    private Half() {
    }

    /** The float nearest to {@code x} that an IEEE half can hold. */
    public static float roundToHalf(float x) {
        return Float.float16ToFloat(Float.floatToFloat16(x));
    }

    /** ggml's {@code GGML_FP32_TO_BF16}: round to nearest even, NaN kept quiet. */
    public static short floatToBf16(float x) {
        int bits = Float.floatToRawIntBits(x);
        if ((bits & 0x7fffffff) > 0x7f800000) {
            return (short) ((bits >>> 16) | 64);
        }
        return (short) ((bits + (0x7fff + ((bits >>> 16) & 1))) >>> 16);
    }

    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }
}
