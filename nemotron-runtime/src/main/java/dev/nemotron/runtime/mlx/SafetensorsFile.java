package dev.nemotron.runtime.mlx;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A safetensors file mapped read-only: an 8-byte little-endian header length, a JSON header naming each tensor's
 * {@code dtype}, {@code shape} and {@code data_offsets} (relative to the data region right after the header, which
 * need not be aligned), then the raw little-endian data.
 *
 * <p>The header is checked before any tensor is used: its length against the file, every offset pair against the
 * data region, every byte count against shape × element size, and the tensors against each other (no two may
 * overlap). A header that lies is a {@link MlxFormatException} naming the file and the tensor; no read can leave
 * the mapping, because each tensor is a slice of exactly its own bytes.
 */
public final class SafetensorsFile implements AutoCloseable {

    /** The largest header accepted, as the safetensors reference implementation limits it. */
    static final long MAX_HEADER_BYTES = 100L << 20;

    private static final String METADATA = "__metadata__";
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final Path path;
    private final Arena arena;
    private final MemorySegment mapping;
    private final Map<String, SafetensorsTensor> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, Arena arena, MemorySegment mapping, Map<String, SafetensorsTensor> tensors,
            Map<String, String> metadata) {
        this.path = path;
        this.arena = arena;
        this.mapping = mapping;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /**
     * Maps {@code path} and checks its header.
     *
     * @throws MlxFormatException naming the file (and tensor) if it cannot be read or its header is inconsistent
     */
    public static SafetensorsFile open(Path path) {
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment mapping = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            Header header = readHeader(path, mapping);
            return new SafetensorsFile(path, arena, mapping, header.tensors(), header.metadata());
        } catch (IOException e) {
            arena.close();
            throw new MlxFormatException(path, "cannot be read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private record Header(Map<String, SafetensorsTensor> tensors, Map<String, String> metadata) {
    }

    private static Header readHeader(Path path, MemorySegment file) {
        long size = file.byteSize();
        if (size < 8) {
            throw new MlxFormatException(path, "%d bytes is too short for a safetensors file (8-byte header length)"
                    .formatted(size));
        }
        long length = file.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        if (length < 2 || length > MAX_HEADER_BYTES || length > size - 8) {
            throw new MlxFormatException(path, "header length %d is impossible: the file has %d bytes after the "
                    .formatted(length, size - 8) + "length field, and headers are at most %d bytes"
                    .formatted(MAX_HEADER_BYTES));
        }
        byte[] json = file.asSlice(8, length).toArray(ValueLayout.JAVA_BYTE);
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new MlxFormatException(path, "header is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new MlxFormatException(path, "header is not a JSON object");
        }
        MemorySegment data = file.asSlice(8 + length);
        Map<String, SafetensorsTensor> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            if (entry.getKey().equals(METADATA)) {
                readMetadata(path, entry.getValue(), metadata);
            } else {
                tensors.put(entry.getKey(), tensor(path, entry.getKey(), entry.getValue(), data));
            }
        }
        checkOverlaps(path, tensors.values(), data);
        return new Header(Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
    }

    private static void readMetadata(Path path, JsonNode node, Map<String, String> out) {
        if (!node.isObject()) {
            throw new MlxFormatException(path, "__metadata__ is not a JSON object");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isString()) {
                throw new MlxFormatException(path, "__metadata__.%s is not a string".formatted(e.getKey()));
            }
            out.put(e.getKey(), e.getValue().stringValue());
        }
    }

    private static SafetensorsTensor tensor(Path path, String name, JsonNode node, MemorySegment data) {
        if (!node.isObject()) {
            throw bad(path, name, "its header entry is not a JSON object");
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isString()) {
            throw bad(path, name, "has no dtype");
        }
        SafetensorsDtype dtype = SafetensorsDtype.find(dtypeNode.stringValue()).orElseThrow(() -> bad(path, name,
                "has dtype %s; supported: %s".formatted(dtypeNode.stringValue(), SafetensorsDtype.supportedNames())));
        long[] shape = longs(path, name, node.get("shape"), "shape", -1);
        long[] offsets = longs(path, name, node.get("data_offsets"), "data_offsets", 2);
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end || end > data.byteSize()) {
            throw bad(path, name, "data_offsets [%d, %d] lie outside the data region of %d bytes"
                    .formatted(begin, end, data.byteSize()));
        }
        long expected;
        try {
            expected = Math.multiplyExact(SafetensorsTensor.elements(shape), dtype.bytes());
        } catch (ArithmeticException e) {
            throw bad(path, name, "shape %s overflows".formatted(java.util.Arrays.toString(shape)));
        }
        if (expected != end - begin) {
            throw bad(path, name, "shape %s of %s needs %d bytes, but data_offsets [%d, %d] hold %d"
                    .formatted(java.util.Arrays.toString(shape), dtype, expected, begin, end, end - begin));
        }
        return new SafetensorsTensor(path, name, dtype, shape, data.asSlice(begin, end - begin));
    }

    /** A JSON array of non-negative integers, of {@code length} entries unless it is negative. */
    private static long[] longs(Path path, String name, JsonNode node, String field, int length) {
        if (node == null || !node.isArray() || (length >= 0 && node.size() != length)) {
            throw bad(path, name, "has no valid %s".formatted(field));
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
                throw bad(path, name, "%s[%d] = %s is not a non-negative integer".formatted(field, i, v));
            }
            out[i] = v.longValue();
        }
        return out;
    }

    /** Sorted by start, each tensor must begin at or after the end of the one before it. */
    private static void checkOverlaps(Path path, Iterable<SafetensorsTensor> tensors, MemorySegment data) {
        List<SafetensorsTensor> sorted = new ArrayList<>();
        tensors.forEach(t -> {
            if (t.byteSize() > 0) {
                sorted.add(t);
            }
        });
        sorted.sort(Comparator.comparingLong(t -> start(t, data)));
        for (int i = 1; i < sorted.size(); i++) {
            SafetensorsTensor before = sorted.get(i - 1);
            SafetensorsTensor t = sorted.get(i);
            if (start(t, data) < start(before, data) + before.byteSize()) {
                throw bad(path, t.name(), "overlaps tensor %s".formatted(before.name()));
            }
        }
    }

    private static long start(SafetensorsTensor t, MemorySegment data) {
        return t.data().address() - data.address();
    }

    private static MlxFormatException bad(Path path, String tensor, String problem) {
        return new MlxFormatException(path, "tensor %s %s".formatted(tensor, problem));
    }

    public Path path() {
        return path;
    }

    /** The tensors in header order. */
    public Map<String, SafetensorsTensor> tensors() {
        return tensors;
    }

    public Optional<SafetensorsTensor> find(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    /** The string pairs of {@code __metadata__}, as {@code format = mlx}. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Bytes mapped. */
    public long mappedSize() {
        return mapping.byteSize();
    }

    @Override
    public void close() {
        arena.close();
    }
}
