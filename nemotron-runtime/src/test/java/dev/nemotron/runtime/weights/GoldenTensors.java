package dev.nemotron.runtime.weights;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads tensor bytes out of the golden GGUF files, independently of the project's GGUF reader: just enough of the
 * container (nemotron-h.md §2.8) to find where the data section starts and where each tensor lies in it.
 */
final class GoldenTensors {

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Byte sizes of the scalar metadata value types 0..12 (8 string and 9 array are variable). */
    private static final int[] SCALAR_SIZE = {1, 1, 2, 2, 4, 4, 4, 1, -1, -1, 8, 8, 8};

    record Tensor(GgmlType type, long[] dims, MemorySegment data) {
    }

    private final Map<String, Tensor> tensors = new HashMap<>();
    private long position;

    private GoldenTensors(MemorySegment file) {
        position = 8;
        long tensorCount = file.get(U64, position);
        long kvCount = file.get(U64, position + 8);
        position += 16;
        long alignment = 32;
        for (long i = 0; i < kvCount; i++) {
            String key = string(file);
            int type = file.get(U32, position);
            position += 4;
            if (key.equals("general.alignment")) {
                alignment = file.get(U32, position);
            }
            skipValue(file, type);
        }
        record Info(String name, GgmlType type, long[] dims, long offset) {
        }
        Info[] infos = new Info[(int) tensorCount];
        for (int t = 0; t < tensorCount; t++) {
            String name = string(file);
            int nDims = file.get(U32, position);
            position += 4;
            long[] dims = new long[nDims];
            for (int d = 0; d < nDims; d++) {
                dims[d] = file.get(U64, position);
                position += 8;
            }
            GgmlType type = GgmlType.byId(file.get(U32, position)).orElseThrow();
            long offset = file.get(U64, position + 4);
            position += 12;
            infos[t] = new Info(name, type, dims, offset);
        }
        long dataStart = (position + alignment - 1) / alignment * alignment;
        for (Info info : infos) {
            long elements = 1;
            for (long d : info.dims()) {
                elements *= d;
            }
            MemorySegment data = file.asSlice(dataStart + info.offset(), info.type().byteSize(elements));
            tensors.put(info.name(), new Tensor(info.type(), info.dims(), data));
        }
    }

    /** The tensors of {@code file}, mapped into {@code arena}. */
    static Map<String, Tensor> read(Path file, Arena arena) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MemorySegment mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            return new GoldenTensors(mapped).tensors;
        }
    }

    private String string(MemorySegment file) {
        long length = file.get(U64, position);
        byte[] bytes = file.asSlice(position + 8, length).toArray(ValueLayout.JAVA_BYTE);
        position += 8 + length;
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    private void skipValue(MemorySegment file, int type) {
        if (type == 8) {
            string(file);
        } else if (type == 9) {
            int elementType = file.get(U32, position);
            long count = file.get(U64, position + 4);
            position += 12;
            for (long i = 0; i < count; i++) {
                skipValue(file, elementType);
            }
        } else {
            position += SCALAR_SIZE[type];
        }
    }
}
