package dev.nemotron.runtime.reliability;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.nemotron.runtime.gguf.GgufFile;
import dev.nemotron.runtime.gguf.GgufFormatException;
import dev.nemotron.runtime.gguf.GgufTensorInfo;
import dev.nemotron.runtime.model.NemotronConfig;
import dev.nemotron.runtime.tokenizer.TokenizerException;
import dev.nemotron.runtime.tokenizer.Vocabulary;

/**
 * Coverage-guided fuzzing of the GGUF reader: any bytes either open as a file whose every tensor lies inside the
 * mapping, or fail with a {@link GgufFormatException}. Whatever opens also goes through the model configuration
 * and the vocabulary reader, which may only fail with their own typed errors.
 *
 * <p>The seed inputs are the malformed-container corpus ({@link MalformedGgufCorpus#main}); in a normal build
 * they replay as regression tests.
 */
class GgufFuzzTest {

    private static final Path FILE = temporaryFile();

    @FuzzTest(maxDuration = "30s")
    void openNeverFailsUntyped(byte[] bytes) throws IOException {
        Files.write(FILE, bytes);
        try (GgufFile file = GgufFile.open(FILE)) {
            readEverything(file);
        } catch (GgufFormatException | TokenizerException expected) {
            if (!expected.getMessage().startsWith(FILE.toString()) && expected instanceof GgufFormatException) {
                throw new AssertionError("message does not name the file: " + expected.getMessage(), expected);
            }
        }
    }

    private static void readEverything(GgufFile file) {
        file.metadata().entries().keySet().forEach(file.metadata()::plain);
        for (GgufTensorInfo t : file.tensors().values()) {
            MemorySegment data = file.data(t);
            if (data.byteSize() > 0) {
                data.get(ValueLayout.JAVA_BYTE, data.byteSize() - 1);
            }
        }
        if (file.metadata().contains("general.architecture")) {
            NemotronConfig.from(file.metadata());
        }
        if (file.metadata().contains("tokenizer.ggml.tokens")) {
            Vocabulary.fromGgufMetadata(file.metadata()::plain);
        }
    }

    private static Path temporaryFile() {
        try {
            Path path = Files.createTempFile("gguf-fuzz", ".gguf");
            path.toFile().deleteOnExit();
            return path;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
