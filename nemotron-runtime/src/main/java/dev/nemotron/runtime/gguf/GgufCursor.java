package dev.nemotron.runtime.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the little-endian header of a GGUF file from its mapping, checking every read against the file size. */
final class GgufCursor {

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /**
     * Deepest nesting of arrays of arrays. GGUF files in the wild nest at most once; without a bound a file of
     * 12-byte array headers, each holding the next, would recurse until the stack overflows.
     */
    static final int MAX_ARRAY_DEPTH = 8;

    private final Path path;
    private final MemorySegment data;
    private long position;

    GgufCursor(Path path, MemorySegment data) {
        this.path = path;
        this.data = data;
    }

    long position() {
        return position;
    }

    private long take(long bytes, String what) {
        if (bytes > data.byteSize() - position) {
            throw new GgufFormatException(path, "truncated header: %s at offset %d needs %d bytes, the file has %d"
                    .formatted(what, position, bytes, data.byteSize()));
        }
        long at = position;
        position += bytes;
        return at;
    }

    int u32(String what) {
        return data.get(U32, take(4, what));
    }

    long u64(String what) {
        return data.get(U64, take(8, what));
    }

    /** A u64 count of items that each take at least {@code minBytes}, checked against the bytes left. */
    long count(String what, long minBytes) {
        long at = position;
        long n = u64(what);
        if (n < 0 || n > (data.byteSize() - position) / minBytes) {
            throw new GgufFormatException(path, "%s %s at offset %d is larger than the file can hold"
                    .formatted(what, Long.toUnsignedString(n), at));
        }
        return n;
    }

    String string(String what) {
        long at = position;
        long length = u64("length of " + what);
        if (length < 0 || length > data.byteSize() - position) {
            throw new GgufFormatException(path, "%s at offset %d has length %s, larger than the file"
                    .formatted(what, at, Long.toUnsignedString(length)));
        }
        if (length > Integer.MAX_VALUE - 8) {
            throw new GgufFormatException(path, "%s at offset %d is too long".formatted(what, at));
        }
        long from = take(length, what);
        byte[] bytes = data.asSlice(from, length).toArray(ValueLayout.JAVA_BYTE);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** {@code n} fixed-size elements, already checked to fit in the file, copied as bytes. */
    private GgufNumbers numbers(String key, GgufValueType type, long n) {
        long bytes = n * type.size();
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new GgufFormatException(path, "array %s at offset %d has %d elements, too many for a header"
                    .formatted(key, position, n));
        }
        long from = take(bytes, key);
        return new GgufNumbers(type, data.asSlice(from, bytes).toArray(ValueLayout.JAVA_BYTE));
    }

    GgufValue value(String key, GgufValueType type) {
        return new GgufValue(type, read(key, type, 0));
    }

    private Object read(String key, GgufValueType type, int depth) {
        return switch (type) {
            case STRING -> string("value of " + key);
            case ARRAY -> array(key, depth + 1);
            default -> GgufNumbers.decode(data, take(type.size(), key), type);
        };
    }

    private GgufArray array(String key, int depth) {
        if (depth > MAX_ARRAY_DEPTH) {
            throw new GgufFormatException(path, "array %s at offset %d is nested deeper than %d levels"
                    .formatted(key, position, MAX_ARRAY_DEPTH));
        }
        long typeId = Integer.toUnsignedLong(u32("element type of " + key));
        GgufValueType elementType = GgufValueType.byId(typeId).orElseThrow(() -> new GgufFormatException(path,
                "array %s has unknown element type %d".formatted(key, typeId)));
        long minBytes = switch (elementType) {
            case STRING -> 8;
            case ARRAY -> 12;
            default -> elementType.size();
        };
        long n = count("element count of array " + key, minBytes);
        if (elementType.size() > 0) {
            return new GgufArray(elementType, numbers(key, elementType, n));
        }
        List<Object> elements = new ArrayList<>((int) Math.min(n, 1 << 20));
        for (long i = 0; i < n; i++) {
            elements.add(read(key, elementType, depth));
        }
        return new GgufArray(elementType, elements);
    }
}
