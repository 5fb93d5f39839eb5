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
        return decode(bytes, (long) index * type.size(), type);
    }

    /** The fixed-size value of {@code type} at {@code at}, in the Java form {@link GgufValue} describes. */
    static Object decode(MemorySegment data, long at, GgufValueType type) {
        return switch (type) {
            case UINT8 -> (long) Byte.toUnsignedInt(data.get(ValueLayout.JAVA_BYTE, at));
            case INT8 -> (long) data.get(ValueLayout.JAVA_BYTE, at);
            case UINT16 -> (long) Short.toUnsignedInt(data.get(I16, at));
            case INT16 -> (long) data.get(I16, at);
            case UINT32 -> Integer.toUnsignedLong(data.get(I32, at));
            case INT32 -> (long) data.get(I32, at);
            case UINT64, INT64 -> data.get(I64, at);
            case FLOAT32 -> data.get(F32, at);
            case FLOAT64 -> data.get(F64, at);
            case BOOL -> data.get(ValueLayout.JAVA_BYTE, at) != 0;
            case STRING, ARRAY -> throw new IllegalArgumentException(type + " values are not fixed-size");
        };
    }

    @Override
    public int size() {
        return size;
    }
}
