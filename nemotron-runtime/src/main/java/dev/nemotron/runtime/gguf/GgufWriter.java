package dev.nemotron.runtime.gguf;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.nemotron.runtime.weights.GgmlType;
import dev.nemotron.runtime.weights.WeightFormats;

/**
 * Writes GGUF files: metadata of every value type and tensors of any {@link GgmlType}, for tests and tools.
 *
 * <p>F32 input is encoded through the type's {@code WeightFormat.quantize}; already-encoded bytes can be added
 * as they are. The layout is llama.cpp's: header, metadata, tensor infos, padding to the alignment, then each
 * tensor's data at an aligned offset.
 */
public final class GgufWriter {

    private final Map<String, GgufValue> metadata = new LinkedHashMap<>();
    private final List<PendingTensor> tensors = new ArrayList<>();
    private int version = 3;
    private int alignment = GgufFile.DEFAULT_ALIGNMENT;

    /** Elements generated and encoded at a time for a {@link #addStreamedTensor streamed} tensor. */
    private static final int STREAM_ELEMENTS = 1 << 22;

    /**
     * A tensor to write: encoded {@code data}, or rows from {@code source}, or else {@code zeros} zero bytes, as a
     * sparse hole.
     */
    private record PendingTensor(String name, GgmlType type, long[] shape, @Nullable MemorySegment data,
            @Nullable TensorSource source, long zeros) {

        long byteSize() {
            return data != null ? data.byteSize() : zeros;
        }
    }

    /** Produces a tensor's F32 values in order, a run of whole rows at a time. */
    @FunctionalInterface
    public interface TensorSource {

        /** Writes the {@code rows} rows from {@code firstRow} on into {@code out[0, rows·rowLength)}. */
        void fill(long firstRow, int rows, float[] out);
    }

    /**
     * A writer holding the metadata and tensors of {@code file}, to be modified and written elsewhere. The
     * tensors refer to the file's mapping, which must stay open until {@link #write}.
     */
    public static GgufWriter copyOf(GgufFile file) {
        GgufWriter writer = new GgufWriter().version(file.version());
        file.metadata().entries().forEach(writer::put);
        if (file.metadata().contains("general.alignment")) {
            writer.alignment = Math.toIntExact(file.metadata().getLong("general.alignment"));
        }
        file.tensors().values().forEach(t -> writer.addEncodedTensor(t.name(), t.type(), t.shape(), file.data(t)));
        return writer;
    }

    /** Selects GGUF version 2 or 3 (the default). */
    public GgufWriter version(int version) {
        this.version = version;
        return this;
    }

    /** Sets the data alignment and writes it as {@code general.alignment}. */
    public GgufWriter alignment(int alignment) {
        this.alignment = alignment;
        metadata.put("general.alignment", GgufValue.uint32(alignment));
        return this;
    }

    public GgufWriter put(String key, GgufValue value) {
        metadata.put(key, value);
        return this;
    }

    public GgufWriter putString(String key, String value) {
        return put(key, GgufValue.string(value));
    }

    public GgufWriter putUint32(String key, long value) {
        return put(key, GgufValue.uint32(value));
    }

    public GgufWriter putFloat32(String key, float value) {
        return put(key, GgufValue.float32(value));
    }

    public GgufWriter putBool(String key, boolean value) {
        return put(key, GgufValue.bool(value));
    }

    public GgufWriter putInt32Array(String key, int... values) {
        return put(key, GgufValue.int32Array(values));
    }

    /** Removes a key (tests build files with a key missing). */
    public GgufWriter remove(String key) {
        metadata.remove(key);
        return this;
    }

    /** Adds a tensor from F32 values, encoded to {@code type}; {@code shape} is in ggml order. */
    public GgufWriter addTensor(String name, GgmlType type, long[] shape, float[] values) {
        long elements = 1;
        for (long d : shape) {
            elements *= d;
        }
        if (elements != values.length) {
            throw new IllegalArgumentException("tensor %s: %d values for %d elements".formatted(
                    name, values.length, elements));
        }
        MemorySegment data = MemorySegment.ofArray(new byte[Math.toIntExact(type.byteSize(elements))]);
        WeightFormats.of(type).quantize(values, 0, values.length, data, 0);
        tensors.add(new PendingTensor(name, type, shape.clone(), data, null, 0));
        return this;
    }

    /**
     * Adds a tensor whose F32 values {@code source} produces while the file is written, a few million at a time,
     * and encodes them to {@code type} on the way: writes tensors far larger than the heap.
     */
    public GgufWriter addStreamedTensor(String name, GgmlType type, long[] shape, TensorSource source) {
        tensors.add(new PendingTensor(name, type, shape.clone(), null, source, type.byteSize(elements(shape))));
        return this;
    }

    /** Adds a tensor whose data is already encoded in {@code type}. */
    public GgufWriter addEncodedTensor(String name, GgmlType type, long[] shape, MemorySegment data) {
        tensors.add(new PendingTensor(name, type, shape.clone(), data, null, 0));
        return this;
    }

    /**
     * Adds an all-zero tensor without holding its data: the file gets a hole there, which most file systems
     * store sparsely. Lets tests build files and tensors beyond 2 GiB cheaply.
     */
    public GgufWriter addZeroTensor(String name, GgmlType type, long[] shape) {
        tensors.add(new PendingTensor(name, type, shape.clone(), null, null, type.byteSize(elements(shape))));
        return this;
    }

    private static long elements(long[] shape) {
        long elements = 1;
        for (long d : shape) {
            elements = Math.multiplyExact(elements, d);
        }
        return elements;
    }

    /** Drops a tensor added before (tests build files with a tensor missing). */
    public GgufWriter removeTensor(String name) {
        tensors.removeIf(t -> t.name.equals(name));
        return this;
    }

    public void write(Path path) throws IOException {
        try (FileChannel out = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            HeaderBuffer header = new HeaderBuffer();
            header.u32(GgufFile.MAGIC).u32(version).u64(tensors.size()).u64(metadata.size());
            metadata.forEach((key, value) -> header.string(key).u32(value.type().id()).value(value.type(),
                    value.value()));
            long offset = 0;
            for (PendingTensor t : tensors) {
                header.string(t.name).u32(t.shape.length);
                for (long d : t.shape) {
                    header.u64(d);
                }
                header.u32(t.type.id()).u64(offset);
                offset = GgufFile.alignUp(offset + t.byteSize(), alignment);
            }
            long position = writeAll(out, header.toBuffer(), 0);
            position = pad(out, position, GgufFile.alignUp(position, alignment));
            for (PendingTensor t : tensors) {
                if (t.data != null) {
                    position = writeAll(out, t.data.asByteBuffer(), position);
                } else if (t.source != null) {
                    position = writeStreamed(out, t, position);
                } else {
                    position += t.zeros;
                }
                position = pad(out, position, GgufFile.alignUp(position, alignment));
            }
            if (out.size() < position) {
                out.write(ByteBuffer.allocate(1), position - 1);
            }
        }
    }

    private static long writeStreamed(FileChannel out, PendingTensor t, long position) throws IOException {
        int rowLength = Math.toIntExact(t.shape[0]);
        long rows = elements(t.shape) / rowLength;
        int chunkRows = Math.max(1, STREAM_ELEMENTS / rowLength);
        float[] values = new float[chunkRows * rowLength];
        byte[] encoded = new byte[Math.toIntExact(t.type.byteSize((long) chunkRows * rowLength))];
        MemorySegment segment = MemorySegment.ofArray(encoded);
        var format = WeightFormats.of(t.type);
        for (long row = 0; row < rows; row += chunkRows) {
            int n = (int) Math.min(chunkRows, rows - row);
            t.source.fill(row, n, values);
            format.quantize(values, 0, n * rowLength, segment, 0);
            position = writeAll(out, ByteBuffer.wrap(encoded, 0, Math.toIntExact(t.type.byteSize(
                    (long) n * rowLength))), position);
        }
        return position;
    }

    private static long writeAll(FileChannel out, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            position += out.write(buffer, position);
        }
        return position;
    }

    private static long pad(FileChannel out, long position, long target) throws IOException {
        return writeAll(out, ByteBuffer.allocate((int) (target - position)), position);
    }

    /** A growable little-endian buffer for the header. */
    private static final class HeaderBuffer {

        private ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

        private HeaderBuffer ensure(int bytes) {
            if (buffer.remaining() < bytes) {
                int capacity = Math.max(buffer.capacity() * 2, buffer.position() + bytes);
                ByteBuffer bigger = ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
                bigger.put(buffer.flip());
                buffer = bigger;
            }
            return this;
        }

        HeaderBuffer u32(long v) {
            ensure(4).buffer.putInt((int) v);
            return this;
        }

        HeaderBuffer u64(long v) {
            ensure(8).buffer.putLong(v);
            return this;
        }

        HeaderBuffer string(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            u64(bytes.length);
            ensure(bytes.length).buffer.put(bytes);
            return this;
        }

        HeaderBuffer value(GgufValueType type, Object value) {
            switch (type) {
                case UINT8, INT8 -> ensure(1).buffer.put((byte) (long) (Long) value);
                case UINT16, INT16 -> ensure(2).buffer.putShort((short) (long) (Long) value);
                case UINT32, INT32 -> u32((Long) value);
                case UINT64, INT64 -> u64((Long) value);
                case FLOAT32 -> ensure(4).buffer.putFloat((Float) value);
                case FLOAT64 -> ensure(8).buffer.putDouble((Double) value);
                case BOOL -> ensure(1).buffer.put((byte) ((Boolean) value ? 1 : 0));
                case STRING -> string((String) value);
                case ARRAY -> {
                    GgufArray array = (GgufArray) value;
                    u32(array.elementType().id()).u64(array.size());
                    for (Object element : array.elements()) {
                        value(array.elementType(), element);
                    }
                }
            }
            return this;
        }

        ByteBuffer toBuffer() {
            return buffer.flip();
        }
    }
}
