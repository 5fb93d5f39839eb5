package dev.nemotron.runtime.mlx;

import java.nio.file.Path;

/**
 * An MLX checkpoint that cannot be read: a safetensors header that lies about its tensors, a {@code config.json}
 * without a needed key, a quantization this engine does not run. The message names the file, and the tensor or
 * key where there is one.
 */
public final class MlxFormatException extends RuntimeException {

    private final Path file;

    public MlxFormatException(Path file, String message) {
        super(file + ": " + message);
        this.file = file;
    }

    public MlxFormatException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }
}
