package dev.nemotron.runtime.reliability;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of a valid GGUF file and where they lie, found by walking it as the GGUF specification lays it out
 * (independently of the engine's reader): the places where a malformed-file corpus truncates or overwrites it.
 */
final class GgufLayout {

    /** What a field holds; the corpus lies differently about each kind. */
    enum Kind { MAGIC, VERSION, TENSOR_COUNT, KV_COUNT, STRING_LENGTH, STRING_BYTES, VALUE_TYPE, ELEMENT_TYPE,
        ARRAY_COUNT, VALUE, DIM_COUNT, DIM, TENSOR_TYPE, TENSOR_OFFSET, PADDING, TENSOR_DATA }

    /**
     * One field.
     *
     * @param kind   what it holds
     * @param what   a readable name, as in {@code "key 2 (general.name) value"}
     * @param offset where it starts
     * @param length its bytes
     */
    record Field(Kind kind, String what, int offset, int length) {
    }

    private final ByteBuffer in;
    private final List<Field> fields = new ArrayList<>();
    private final List<long[]> tensorExtents = new ArrayList<>();

    private GgufLayout(byte[] file) {
        this.in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The fields of {@code file} in file order. Only files of the default alignment of 32 are walked. */
    static List<Field> of(byte[] file) {
        GgufLayout layout = new GgufLayout(file);
        layout.walk();
        return List.copyOf(layout.fields);
    }

    private void walk() {
        field(Kind.MAGIC, "magic", 4);
        field(Kind.VERSION, "version", 4);
        long tensors = field(Kind.TENSOR_COUNT, "tensor count", 8);
        long keys = field(Kind.KV_COUNT, "metadata count", 8);
        for (int k = 0; k < keys; k++) {
            String key = string("key " + k);
            int type = (int) field(Kind.VALUE_TYPE, "type of " + key, 4);
            value(key, type);
        }
        for (int t = 0; t < tensors; t++) {
            String name = string("tensor " + t);
            int dims = (int) field(Kind.DIM_COUNT, "dimension count of " + name, 4);
            long elements = 1;
            for (int d = 0; d < dims; d++) {
                elements *= field(Kind.DIM, "dimension " + d + " of " + name, 8);
            }
            int type = (int) field(Kind.TENSOR_TYPE, "type of " + name, 4);
            long offset = field(Kind.TENSOR_OFFSET, "data offset of " + name, 8);
            tensorExtents.add(new long[] {offset, bytes(type, elements)});
        }
        int dataStart = (in.position() + 31) / 32 * 32;
        if (dataStart > in.position()) {
            fields.add(new Field(Kind.PADDING, "padding before the data", in.position(), dataStart - in.position()));
        }
        for (int t = 0; t < tensorExtents.size(); t++) {
            long[] extent = tensorExtents.get(t);
            fields.add(new Field(Kind.TENSOR_DATA, "data of tensor " + t, dataStart + (int) extent[0],
                    (int) extent[1]));
        }
    }

    private void value(String key, int type) {
        switch (type) {
            case 8 -> string(key + " value");
            case 9 -> {
                int elementType = (int) field(Kind.ELEMENT_TYPE, "element type of " + key, 4);
                long n = field(Kind.ARRAY_COUNT, "element count of " + key, 8);
                for (int i = 0; i < n; i++) {
                    value(key + "[" + i + "]", elementType);
                }
            }
            default -> field(Kind.VALUE, key + " value", scalarSize(type));
        }
    }

    private String string(String what) {
        int length = (int) field(Kind.STRING_LENGTH, "length of " + what, 8);
        byte[] bytes = new byte[length];
        int at = in.position();
        in.get(bytes);
        String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        fields.add(new Field(Kind.STRING_BYTES, what + " (" + text + ")", at, length));
        return text;
    }

    private long field(Kind kind, String what, int length) {
        int at = in.position();
        fields.add(new Field(kind, what, at, length));
        return switch (length) {
            case 1 -> in.get();
            case 2 -> in.getShort();
            case 4 -> Integer.toUnsignedLong(in.getInt());
            default -> in.getLong();
        };
    }

    private static int scalarSize(int type) {
        return switch (type) {
            case 0, 1, 7 -> 1;
            case 2, 3 -> 2;
            case 4, 5, 6 -> 4;
            case 10, 11, 12 -> 8;
            default -> throw new IllegalArgumentException("GGUF value type " + type);
        };
    }

    /** Data bytes of the types the corpus's base file uses: F32, F16 and Q8_0 (34 bytes per 32). */
    private static long bytes(int type, long elements) {
        return switch (type) {
            case 0 -> 4 * elements;
            case 1 -> 2 * elements;
            case 8 -> elements / 32 * 34;
            default -> throw new IllegalArgumentException("tensor type " + type);
        };
    }
}
