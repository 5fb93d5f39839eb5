package dev.nemotron.runtime.gguf;

import java.util.List;

/**
 * One metadata value with its stored type.
 *
 * <p>Integers of every width are held as {@code Long} (an unsigned 64-bit value keeps its bits), floats as
 * {@code Float} or {@code Double}, booleans as {@code Boolean}, strings as {@code String} and arrays as
 * {@link GgufArray}.
 *
 * @param type  the stored type
 * @param value the value in the Java form above
 */
public record GgufValue(GgufValueType type, Object value) {

    public static GgufValue string(String value) {
        return new GgufValue(GgufValueType.STRING, value);
    }

    public static GgufValue uint32(long value) {
        return new GgufValue(GgufValueType.UINT32, value);
    }

    public static GgufValue int32(long value) {
        return new GgufValue(GgufValueType.INT32, value);
    }

    public static GgufValue uint64(long value) {
        return new GgufValue(GgufValueType.UINT64, value);
    }

    public static GgufValue float32(float value) {
        return new GgufValue(GgufValueType.FLOAT32, value);
    }

    public static GgufValue bool(boolean value) {
        return new GgufValue(GgufValueType.BOOL, value);
    }

    /** An array of {@code INT32} values. */
    public static GgufValue int32Array(int... values) {
        List<Object> list = new java.util.ArrayList<>(values.length);
        for (int v : values) {
            list.add((long) v);
        }
        return new GgufValue(GgufValueType.ARRAY, new GgufArray(GgufValueType.INT32, list));
    }

    /** An array of strings. */
    public static GgufValue stringArray(List<String> values) {
        return new GgufValue(GgufValueType.ARRAY, new GgufArray(GgufValueType.STRING, List.copyOf(values)));
    }

    /** An array of {@code FLOAT32} values. */
    public static GgufValue float32Array(float... values) {
        List<Object> list = new java.util.ArrayList<>(values.length);
        for (float v : values) {
            list.add(v);
        }
        return new GgufValue(GgufValueType.ARRAY, new GgufArray(GgufValueType.FLOAT32, list));
    }
}
