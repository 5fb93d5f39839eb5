package dev.nemotron.runtime.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * The elements of a numeric or boolean metadata array, kept as the file's bytes and boxed only when read. A
 * header array costs the heap what it costs the file: a list of boxed {@code Long}s would take up to 24 bytes per
 * {@code uint8} element, so a hostile file of a few hundred megabytes could exhaust the heap while every length in
 * it is honest.
 */
final class GgufNumbers extends AbstractList<Object> implements RandomAccess {

    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 =
            ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final GgufValueType type;
    private final MemorySegment bytes;
    private final int size;

    /** {@code bytes} holds {@code bytes.length / type.size()} little-endian elements of {@code type}. */
    GgufNumbers(GgufValueType type, byte[] bytes) {
        this.type = type;
        this.bytes = MemorySegment.ofArray(bytes);
        this.size = bytes.length / type.size();
    }

    @Override
    public Object get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + " of " + size);
        }
        long at = (long) index * type.size();
        return switch (type) {
            case UINT8 -> (long) Byte.toUnsignedInt(bytes.get(ValueLayout.JAVA_BYTE, at));
            case INT8 -> (long) bytes.get(ValueLayout.JAVA_BYTE, at);
            case UINT16 -> (long) Short.toUnsignedInt(bytes.get(I16, at));
            case INT16 -> (long) bytes.get(I16, at);
            case UINT32 -> Integer.toUnsignedLong(bytes.get(I32, at));
            case INT32 -> (long) bytes.get(I32, at);
            case UINT64, INT64 -> bytes.get(I64, at);
            case FLOAT32 -> bytes.get(F32, at);
            case FLOAT64 -> bytes.get(F64, at);
            case BOOL -> bytes.get(ValueLayout.JAVA_BYTE, at) != 0;
            case STRING, ARRAY -> throw new IllegalStateException(type + " elements are not fixed-size");
        };
    }

    @Override
    public int size() {
        return size;
    }
}
