package dev.nemotron.runtime.gguf;

import java.nio.file.Path;

/**
 * A GGUF file is malformed, truncated, or does not describe a model this engine can run. The message names the
 * file and the offending key or tensor.
 */
public final class GgufFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public GgufFormatException(Path file, String message) {
        super(file + ": " + message);
    }

    public GgufFormatException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
    }
}
