package dev.nemotron.runtime.gguf;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;

import org.jspecify.annotations.Nullable;

/**
 * The key/value metadata of a GGUF file, with typed accessors. Every accessor that cannot deliver its type
 * throws a {@link GgufFormatException} naming the file and the key.
 */
public final class GgufMetadata {

    private final Path file;
    private final SequencedMap<String, GgufValue> values;

    public GgufMetadata(Path file, Map<String, GgufValue> values) {
        this.file = file;
        this.values = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(values));
    }

    /** The file the metadata was read from, for messages. */
    public Path file() {
        return file;
    }

    /** Every entry, in file order. */
    public SequencedMap<String, GgufValue> entries() {
        return values;
    }

    public boolean contains(String key) {
        return values.containsKey(key);
    }

    /** The raw value of {@code key}, if present. */
    public Optional<GgufValue> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /**
     * The value of {@code key} as plain Java objects ({@code Long}, {@code Float}, {@code Double}, {@code Boolean},
     * {@code String}, and {@code List} for arrays), or {@code null} when absent: for readers that do not depend on
     * this package, such as the tokenizer.
     */
    public @Nullable Object plain(String key) {
        GgufValue value = values.get(key);
        return value == null ? null : plain(value.value());
    }

    private static Object plain(Object value) {
        if (value instanceof GgufArray array) {
            return array.elementType() == GgufValueType.ARRAY
                    ? array.elements().stream().map(GgufMetadata::plain).toList()
                    : array.elements();
        }
        return value;
    }

    public String getString(String key) {
        GgufValue value = require(key);
        if (value.type() != GgufValueType.STRING) {
            throw wrongType(key, value, "a string");
        }
        return (String) value.value();
    }

    public String getString(String key, String defaultValue) {
        return contains(key) ? getString(key) : defaultValue;
    }

    public long getLong(String key) {
        GgufValue value = require(key);
        if (!value.type().isInteger()) {
            throw wrongType(key, value, "an integer");
        }
        return (Long) value.value();
    }

    public long getLong(String key, long defaultValue) {
        return contains(key) ? getLong(key) : defaultValue;
    }

    public int getInt(String key) {
        return toInt(key, getLong(key));
    }

    public int getInt(String key, int defaultValue) {
        return contains(key) ? getInt(key) : defaultValue;
    }

    public float getFloat(String key) {
        GgufValue value = require(key);
        return switch (value.type()) {
            case FLOAT32 -> (Float) value.value();
            case FLOAT64 -> ((Double) value.value()).floatValue();
            default -> throw wrongType(key, value, "a float");
        };
    }

    public float getFloat(String key, float defaultValue) {
        return contains(key) ? getFloat(key) : defaultValue;
    }

    public boolean getBoolean(String key) {
        GgufValue value = require(key);
        if (value.type() != GgufValueType.BOOL) {
            throw wrongType(key, value, "a bool");
        }
        return (Boolean) value.value();
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        return contains(key) ? getBoolean(key) : defaultValue;
    }

    /** The elements of a string array. */
    public List<String> getStringArray(String key) {
        GgufArray array = requireArray(key, GgufValueType.STRING);
        return array.elements().stream().map(String.class::cast).toList();
    }

    /** The elements of an array of any integer type. */
    public int[] getIntArray(String key) {
        GgufValue value = require(key);
        if (value.type() != GgufValueType.ARRAY || !((GgufArray) value.value()).elementType().isInteger()) {
            throw wrongType(key, value, "an array of integers");
        }
        List<Object> elements = ((GgufArray) value.value()).elements();
        int[] out = new int[elements.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = toInt(key, (Long) elements.get(i));
        }
        return out;
    }

    /**
     * A per-layer integer: an array of exactly {@code n} integers, or a scalar that applies to all {@code n}
     * layers (llama.cpp accepts both forms for per-layer hyperparameters).
     */
    public int[] getIntArray(String key, int n) {
        GgufValue value = require(key);
        if (value.type().isInteger()) {
            int[] out = new int[n];
            java.util.Arrays.fill(out, getInt(key));
            return out;
        }
        int[] out = getIntArray(key);
        if (out.length != n) {
            throw new GgufFormatException(file, "key %s has %d elements, expected %d".formatted(key, out.length, n));
        }
        return out;
    }

    /** The elements of a float array (float32 or float64). */
    public float[] getFloatArray(String key) {
        GgufValue value = require(key);
        GgufArray array = value.type() == GgufValueType.ARRAY ? (GgufArray) value.value() : null;
        if (array == null || (array.elementType() != GgufValueType.FLOAT32
                && array.elementType() != GgufValueType.FLOAT64)) {
            throw wrongType(key, value, "an array of floats");
        }
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) array.elements().get(i)).floatValue();
        }
        return out;
    }

    private GgufArray requireArray(String key, GgufValueType elementType) {
        GgufValue value = require(key);
        if (value.type() != GgufValueType.ARRAY || ((GgufArray) value.value()).elementType() != elementType) {
            throw wrongType(key, value, "an array of " + elementType);
        }
        return (GgufArray) value.value();
    }

    private GgufValue require(String key) {
        GgufValue value = values.get(key);
        if (value == null) {
            throw new GgufFormatException(file, "required key " + key + " is missing");
        }
        return value;
    }

    private int toInt(String key, long value) {
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new GgufFormatException(file, "key %s = %d does not fit an int".formatted(key, value));
        }
        return (int) value;
    }

    private GgufFormatException wrongType(String key, GgufValue value, String expected) {
        String actual = value.type() == GgufValueType.ARRAY
                ? "an array of " + ((GgufArray) value.value()).elementType()
                : value.type().toString();
        return new GgufFormatException(file, "key %s is %s, expected %s".formatted(key, actual, expected));
    }
}
