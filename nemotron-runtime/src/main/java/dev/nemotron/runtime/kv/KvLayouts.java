package dev.nemotron.runtime.kv;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** The little-endian value layouts of the stored blocks, byte-aligned as ggml's packed structs are. */
final class KvLayouts {

    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;

    private KvLayouts() {
    }
}
