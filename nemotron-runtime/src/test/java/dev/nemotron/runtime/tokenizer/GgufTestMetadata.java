package dev.nemotron.runtime.tokenizer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the metadata key/value section of a GGUF file, nothing else: enough for tokenizer tests to get a golden
 * model's vocabulary in the value types the engine's GGUF reader hands over (String, Number, Boolean, List).
 */
final class GgufTestMetadata {

    private GgufTestMetadata() {
    }

    static Map<String, Object> read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            ByteBuffer buffer = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size())
                    .order(ByteOrder.LITTLE_ENDIAN);
            if (buffer.getInt() != 0x46554747) {
                throw new IOException(file + ": not a GGUF file");
            }
            buffer.getInt();
            buffer.getLong();
            long count = buffer.getLong();
            Map<String, Object> metadata = new LinkedHashMap<>();
            for (long i = 0; i < count; i++) {
                String key = string(buffer);
                metadata.put(key, value(buffer, buffer.getInt()));
            }
            return metadata;
        }
    }

    private static Object value(ByteBuffer buffer, int type) {
        return switch (type) {
            case 0 -> (long) Byte.toUnsignedInt(buffer.get());
            case 1 -> (long) buffer.get();
            case 2 -> (long) Short.toUnsignedInt(buffer.getShort());
            case 3 -> (long) buffer.getShort();
            case 4 -> Integer.toUnsignedLong(buffer.getInt());
            case 5 -> buffer.getInt();
            case 6 -> buffer.getFloat();
            case 7 -> buffer.get() != 0;
            case 8 -> string(buffer);
            case 9 -> array(buffer);
            case 10, 11 -> buffer.getLong();
            case 12 -> buffer.getDouble();
            default -> throw new IllegalStateException("GGUF value type " + type);
        };
    }

    private static List<Object> array(ByteBuffer buffer) {
        int type = buffer.getInt();
        long n = buffer.getLong();
        List<Object> list = new ArrayList<>((int) n);
        for (long i = 0; i < n; i++) {
            list.add(value(buffer, type));
        }
        return list;
    }

    private static String string(ByteBuffer buffer) {
        byte[] bytes = new byte[(int) buffer.getLong()];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
