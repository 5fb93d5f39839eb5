package dev.nemotron.runtime.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.nemotron.runtime.gguf.GgufFile;
import dev.nemotron.runtime.gguf.GgufFormatException;

/** Every file of the malformed-container corpus fails to open with a typed error naming the file and the problem. */
class MalformedGgufTest {

    @TempDir
    Path dir;

    static List<MalformedGgufCorpus.Case> corpus() {
        return MalformedGgufCorpus.cases();
    }

    @Test
    void theBaseFileOfTheCorpusIsValid() throws IOException {
        Path path = dir.resolve("valid.gguf");
        Files.write(path, MalformedGgufCorpus.baseFile());
        try (GgufFile file = GgufFile.open(path)) {
            assertThat(file.tensors().keySet()).containsExactly("a", "b", "c");
            assertThat(file.metadata().entries()).hasSize(6);
        }
    }

    @Test
    void theCorpusCoversEveryFieldOfTheBaseFile() {
        assertThat(corpus()).hasSizeGreaterThan(200)
                .extracting(MalformedGgufCorpus.Case::name).doesNotHaveDuplicates();
    }

    /** The fuzz target's committed seeds are this generator's output, so regenerating them changes nothing. */
    @Test
    void theCommittedFuzzSeedsAreTheGeneratedCorpus() throws IOException {
        String seeds = "GgufFuzzTestInputs/openNeverFailsUntyped/";
        for (MalformedGgufCorpus.Case c : corpus()) {
            try (var in = MalformedGgufTest.class.getResourceAsStream(seeds + c.name() + ".gguf")) {
                assertThat(in).as("seed %s", c.name()).isNotNull();
                assertThat(in.readAllBytes()).as("seed %s", c.name()).isEqualTo(c.bytes());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void malformedFileGivesATypedErrorNamingFileAndProblem(MalformedGgufCorpus.Case malformed) throws IOException {
        Path path = dir.resolve(malformed.name() + ".gguf");
        Files.write(path, malformed.bytes());
        assertThatThrownBy(() -> GgufFile.open(path).close())
                .isExactlyInstanceOf(GgufFormatException.class)
                .hasMessageStartingWith(path + ": ")
                .satisfies(e -> assertThat(Arrays.stream(malformed.expected().split("\\|")))
                        .as("message %s contains one of '%s'", e.getMessage(), malformed.expected())
                        .anyMatch(e.getMessage()::contains));
    }
}
