package dev.nemotron.runtime.gguf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;

import dev.nemotron.runtime.weights.GgmlType;

/**
 * A GGUF file (versions 2 and 3), memory-mapped once, read-only, into an arena owned by this object.
 *
 * <p>The header is parsed straight from the mapping with bounds checks on every read, so a truncated or
 * corrupted file fails with a {@link GgufFormatException} instead of reading past its end. Tensor data is never
 * copied: {@link #data} returns slices of the mapping, valid until {@link #close}. All offsets are {@code long},
 * so files and single tensors larger than 2 GiB work.
 */
public final class GgufFile implements AutoCloseable {

    /** "GGUF" read as a little-endian u32. */
    static final int MAGIC = 0x46554747;
    static final int DEFAULT_ALIGNMENT = 32;
    static final int MAX_DIMS = 4;

    private final Path path;
    private final Arena arena;
    private final MemorySegment mapping;
    private final int version;
    private final GgufMetadata metadata;
    private final SequencedMap<String, GgufTensorInfo> tensors;
    private final long dataStart;

    private GgufFile(Path path, Arena arena, MemorySegment mapping, int version, GgufMetadata metadata,
            SequencedMap<String, GgufTensorInfo> tensors, long dataStart) {
        this.path = path;
        this.arena = arena;
        this.mapping = mapping;
        this.version = version;
        this.metadata = metadata;
        this.tensors = tensors;
        this.dataStart = dataStart;
    }

    /**
     * Maps and parses {@code path}.
     *
     * @throws GgufFormatException if the file cannot be read or is not a valid GGUF file
     */
    public static GgufFile open(Path path) {
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment mapping = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            return parse(path, arena, mapping);
        } catch (java.nio.file.NoSuchFileException e) {
            arena.close();
            throw new GgufFormatException(path, "no such file", e);
        } catch (IOException e) {
            arena.close();
            throw new GgufFormatException(path, "cannot read: " + e, e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static GgufFile parse(Path path, Arena arena, MemorySegment mapping) {
        GgufCursor in = new GgufCursor(path, mapping);
        int magic = in.u32("magic");
        if (magic != MAGIC) {
            throw new GgufFormatException(path, "bad magic 0x%08x, not a GGUF file".formatted(magic));
        }
        int version = in.u32("version");
        if (version != 2 && version != 3) {
            throw new GgufFormatException(path, "unsupported GGUF version %d (supported: 2, 3)"
                    .formatted(Integer.toUnsignedLong(version)));
        }
        long tensorCount = in.count("tensor count", 8 + 4 + 8 + 4 + 8);
        long kvCount = in.count("metadata count", 8 + 4);

        Map<String, GgufValue> values = new LinkedHashMap<>();
        for (long i = 0; i < kvCount; i++) {
            String key = in.string("metadata key");
            long typeId = Integer.toUnsignedLong(in.u32("type of " + key));
            GgufValueType type = GgufValueType.byId(typeId).orElseThrow(() -> new GgufFormatException(path,
                    "key %s has unknown value type %d".formatted(key, typeId)));
            if (values.putIfAbsent(key, in.value(key, type)) != null) {
                throw new GgufFormatException(path, "key " + key + " is defined twice");
            }
        }
        GgufMetadata metadata = new GgufMetadata(path, values);
        long alignment = alignment(metadata);

        List<PendingTensor> pending = new ArrayList<>();
        for (long i = 0; i < tensorCount; i++) {
            pending.add(readTensorInfo(in, path));
        }
        long dataStart = alignUp(in.position(), alignment);

        SequencedMap<String, GgufTensorInfo> tensors = new LinkedHashMap<>();
        for (PendingTensor t : pending) {
            GgufTensorInfo info = t.resolve(path, dataStart, alignment, mapping.byteSize());
            if (tensors.putIfAbsent(info.name(), info) != null) {
                throw new GgufFormatException(path, "tensor " + info.name() + " is defined twice");
            }
        }
        requireDisjoint(path, tensors.values());
        return new GgufFile(path, arena, mapping, version, metadata, Collections.unmodifiableSequencedMap(tensors),
                dataStart);
    }

    /**
     * Rejects tensors whose data overlap: a well-formed file (llama.cpp writes each tensor after the previous
     * one) never has them, and a weight that aliases another would load silently wrong.
     */
    private static void requireDisjoint(Path path, Collection<GgufTensorInfo> tensors) {
        List<GgufTensorInfo> byOffset = new ArrayList<>(tensors);
        byOffset.sort(Comparator.comparingLong(GgufTensorInfo::dataOffset));
        for (int i = 1; i < byOffset.size(); i++) {
            GgufTensorInfo before = byOffset.get(i - 1);
            GgufTensorInfo t = byOffset.get(i);
            if (t.dataOffset() < before.dataOffset() + before.byteSize()) {
                throw new GgufFormatException(path, "tensor %s: data [%d, +%d) overlaps tensor %s [%d, +%d)"
                        .formatted(t.name(), t.dataOffset(), t.byteSize(), before.name(), before.dataOffset(),
                                before.byteSize()));
            }
        }
    }

    private static long alignment(GgufMetadata metadata) {
        if (!metadata.contains("general.alignment")) {
            return DEFAULT_ALIGNMENT;
        }
        long alignment = metadata.getLong("general.alignment");
        if (alignment <= 0 || Long.bitCount(alignment) != 1) {
            throw new GgufFormatException(metadata.file(),
                    "general.alignment = %d is not a positive power of two".formatted(alignment));
        }
        return alignment;
    }

    private static PendingTensor readTensorInfo(GgufCursor in, Path path) {
        String name = in.string("tensor name");
        int dims = in.u32("dimension count of tensor " + name);
        if (dims < 1 || dims > MAX_DIMS) {
            throw new GgufFormatException(path, "tensor %s has %d dimensions (1 to %d allowed)"
                    .formatted(name, Integer.toUnsignedLong(dims), MAX_DIMS));
        }
        long[] shape = new long[dims];
        for (int d = 0; d < dims; d++) {
            shape[d] = in.u64("dimension " + d + " of tensor " + name);
            if (shape[d] <= 0) {
                throw new GgufFormatException(path, "tensor %s has dimension %d = %s"
                        .formatted(name, d, Long.toUnsignedString(shape[d])));
            }
        }
        long typeId = Integer.toUnsignedLong(in.u32("type of tensor " + name));
        GgmlType type = GgmlType.byId(typeId).orElseThrow(() -> new GgufFormatException(path,
                "tensor %s has unknown type id %d".formatted(name, typeId)));
        long offset = in.u64("data offset of tensor " + name);
        return new PendingTensor(name, type, shape, offset);
    }

    static long alignUp(long position, long alignment) {
        return (position + alignment - 1) / alignment * alignment;
    }

    /** A tensor info as read, before its offset is known to lie in the file. */
    private record PendingTensor(String name, GgmlType type, long[] shape, long offset) {

        GgufTensorInfo resolve(Path path, long dataStart, long alignment, long fileSize) {
            if (shape[0] % type.blockSize() != 0) {
                throw new GgufFormatException(path, "tensor %s: row of %d elements is not a whole number of %s blocks"
                        .formatted(name, shape[0], type));
            }
            long bytes;
            try {
                long elements = 1;
                for (long d : shape) {
                    elements = Math.multiplyExact(elements, d);
                }
                bytes = type.byteSize(elements);
            } catch (ArithmeticException e) {
                throw new GgufFormatException(path, "tensor " + name + " is too large", e);
            }
            if (offset % alignment != 0) {
                throw new GgufFormatException(path, "tensor %s: data offset %d is not a multiple of the alignment %d"
                        .formatted(name, offset, alignment));
            }
            long start = dataStart + offset;
            if (offset < 0 || start < 0 || start > fileSize || bytes > fileSize - start) {
                // data start + offset, unsigned as stored: a sum that wrapped around would look inside the file
                throw new GgufFormatException(path, "tensor %s: data [%d + %s, +%d) lies outside the file of %d bytes"
                        .formatted(name, dataStart, Long.toUnsignedString(offset), bytes, fileSize));
            }
            return new GgufTensorInfo(name, type, shape, start, bytes);
        }
    }

    public Path path() {
        return path;
    }

    /** The GGUF version of the file, 2 or 3. */
    public int version() {
        return version;
    }

    public GgufMetadata metadata() {
        return metadata;
    }

    /** Every tensor, in file order. */
    public SequencedMap<String, GgufTensorInfo> tensors() {
        return tensors;
    }

    public Optional<GgufTensorInfo> findTensor(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    /**
     * The tensor called {@code name}.
     *
     * @throws GgufFormatException if the file has none
     */
    public GgufTensorInfo tensor(String name) {
        GgufTensorInfo info = tensors.get(name);
        if (info == null) {
            throw new GgufFormatException(path, "required tensor " + name + " is missing");
        }
        return info;
    }

    /** The whole mapping; tensor offsets ({@link GgufTensorInfo#dataOffset}) index into it. */
    public MemorySegment mapping() {
        return mapping;
    }

    /** A tensor's data, as a slice of the mapping. */
    public MemorySegment data(GgufTensorInfo tensor) {
        return mapping.asSlice(tensor.dataOffset(), tensor.byteSize());
    }

    /** Where the data section starts. */
    public long dataStart() {
        return dataStart;
    }

    /** Bytes mapped. */
    public long mappedSize() {
        return mapping.byteSize();
    }

    /** Unmaps the file; segments obtained from it become invalid. */
    @Override
    public void close() {
        arena.close();
    }
}
