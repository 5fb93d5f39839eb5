package dev.nemotron.runtime.template;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads {@code tokenizer.chat_template} out of a golden GGUF file for the template tests, walking only the
 * metadata section (so these tests do not depend on the engine's GGUF reader).
 */
final class GgufChatTemplate {

    private static final String KEY = "tokenizer.chat_template";
    private static final int STRING = 8;
    private static final int ARRAY = 9;

    private GgufChatTemplate() {
    }

    static String read(Path gguf) throws IOException {
        try (FileChannel channel = FileChannel.open(gguf, StandardOpenOption.READ)) {
            ByteBuffer b = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size())
                    .order(ByteOrder.LITTLE_ENDIAN);
            if (b.getInt() != 0x46554747) {
                throw new IOException(gguf + " is not a GGUF file");
            }
            b.getInt();
            b.getLong();
            long count = b.getLong();
            for (long i = 0; i < count; i++) {
                String key = string(b);
                int type = b.getInt();
                if (key.equals(KEY) && type == STRING) {
                    return string(b);
                }
                skip(b, type);
            }
            throw new IOException(gguf + " has no " + KEY);
        }
    }

    private static String string(ByteBuffer b) {
        byte[] bytes = new byte[Math.toIntExact(b.getLong())];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void skip(ByteBuffer b, int type) {
        switch (type) {
            case 0, 1, 7 -> b.get();
            case 2, 3 -> b.getShort();
            case 4, 5, 6 -> b.getInt();
            case 10, 11, 12 -> b.getLong();
            case STRING -> {
                long length = b.getLong();
                b.position(Math.toIntExact(b.position() + length));
            }
            case ARRAY -> {
                int elementType = b.getInt();
                long n = b.getLong();
                for (long i = 0; i < n; i++) {
                    skip(b, elementType);
                }
            }
            default -> throw new IllegalStateException("unknown GGUF metadata type " + type);
        }
    }
}
