package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Little-endian field access and the rounding helpers shared by the block formats. */
final class Blocks {

    static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Blocks() {
    }

    /** The fp16 field at {@code offset}, as a float. */
    static float half(MemorySegment data, long offset) {
        return Float.float16ToFloat(data.get(SHORT, offset));
    }

    /** Stores {@code value} rounded to fp16 (nearest even, as {@code GGML_FP32_TO_FP16}). */
    static void putHalf(MemorySegment data, long offset, float value) {
        data.set(SHORT, offset, Float.floatToFloat16(value));
    }

    static int u8(MemorySegment data, long offset) {
        return data.get(ValueLayout.JAVA_BYTE, offset) & 0xff;
    }

    static byte i8(MemorySegment data, long offset) {
        return data.get(ValueLayout.JAVA_BYTE, offset);
    }

    static void putByte(MemorySegment data, long offset, int value) {
        data.set(ValueLayout.JAVA_BYTE, offset, (byte) value);
    }

    /** C's {@code roundf}: halves away from zero, which the reference quantizers of ggml use. */
    static int roundHalfAway(float x) {
        float a = Math.abs(x);
        float r = (float) Math.floor(a);
        if (a - r >= 0.5f) {
            r += 1;
        }
        return (int) Math.copySign(r, x);
    }

    /** ggml's {@code nearest_int}: round half to even, as the FPU does by default. */
    static int nearestInt(float x) {
        return (int) Math.rint(x);
    }

    /** The element with the largest magnitude, with its sign; the first one wins a tie. */
    static float signedMax(float[] x, int from, int count) {
        float amax = 0;
        float max = 0;
        for (int i = from; i < from + count; i++) {
            float ax = Math.abs(x[i]);
            if (ax > amax) {
                amax = ax;
                max = x[i];
            }
        }
        return max;
    }

    /** Checks that {@code count} elements are whole blocks of {@code type}. */
    static int blocks(GgmlType type, int count) {
        if (count % type.blockSize() != 0) {
            throw new IllegalArgumentException(
                    "%d elements are not a whole number of %s blocks of %d".formatted(count, type, type.blockSize()));
        }
        return count / type.blockSize();
    }
}
