package dev.nemotron.runtime.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.nemotron.runtime.mlx.MlxFormatException;
import dev.nemotron.runtime.mlx.SafetensorsFile;
import dev.nemotron.runtime.mlx.SafetensorsTensor;

/**
 * Coverage-guided fuzzing of the safetensors reader: any bytes either open as a file whose every tensor lies
 * inside the mapping and has the size its dtype and shape say, or fail with an {@link MlxFormatException} naming
 * the file. The seeds are small valid files and the header of a golden MLX checkpoint; in a normal build they
 * replay as regression tests.
 */
class SafetensorsFuzzTest {

    private static final Path FILE = temporaryFile();

    @FuzzTest(maxDuration = "30s")
    void openNeverFailsUntyped(byte[] bytes) throws IOException {
        Files.write(FILE, bytes);
        try (SafetensorsFile file = SafetensorsFile.open(FILE)) {
            for (SafetensorsTensor tensor : file.tensors().values()) {
                MemorySegment data = tensor.data();
                if (data.byteSize() != tensor.byteSize()) {
                    throw new AssertionError("tensor %s maps %d bytes for %d".formatted(tensor.name(),
                            data.byteSize(), tensor.byteSize()));
                }
                if (data.byteSize() > 0) {
                    data.get(ValueLayout.JAVA_BYTE, data.byteSize() - 1);
                }
            }
        } catch (MlxFormatException expected) {
            if (!expected.getMessage().startsWith(FILE.toString())) {
                throw new AssertionError("message does not name the file: " + expected.getMessage(), expected);
            }
        }
    }

    private static Path temporaryFile() {
        try {
            Path path = Files.createTempFile("safetensors-fuzz", ".safetensors");
            path.toFile().deleteOnExit();
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
