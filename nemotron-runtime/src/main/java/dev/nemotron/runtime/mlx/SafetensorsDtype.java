package dev.nemotron.runtime.mlx;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The element types of safetensors that MLX checkpoints use, with their sizes. */
public enum SafetensorsDtype {
    U8(1),
    U32(4),
    F16(2),
    BF16(2),
    F32(4);

    private final int bytes;

    SafetensorsDtype(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** Whether the elements are floating-point values (rather than packed codes or scale bytes). */
    public boolean floating() {
        return this == F16 || this == BF16 || this == F32;
    }

    /** The type named {@code name} in a header, if supported. */
    public static Optional<SafetensorsDtype> find(String name) {
        return Arrays.stream(values()).filter(d -> d.name().equals(name)).findFirst();
    }

    /** The supported names, comma-separated. */
    public static String supportedNames() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
