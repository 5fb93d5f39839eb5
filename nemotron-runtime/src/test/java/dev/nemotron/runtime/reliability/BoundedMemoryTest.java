package dev.nemotron.runtime.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nemotron.runtime.gguf.GgufArray;
import dev.nemotron.runtime.gguf.GgufFile;
import dev.nemotron.runtime.gguf.GgufFormatException;
import dev.nemotron.runtime.gguf.GgufValue;
import dev.nemotron.runtime.gguf.GgufValueType;
import dev.nemotron.runtime.gguf.GgufWriter;

/**
 * The reader never allocates what a file claims, only what it holds: the whole malformed corpus, and honest
 * files whose header arrays are large, open in a JVM of 24 MiB of heap. A reader that trusted a length near
 * 2^63, or boxed every element of a 16 MiB array, would fail there with an {@link OutOfMemoryError}.
 */
class BoundedMemoryTest {

    private static final String HEAP = "-Xmx24m";

    @TempDir
    Path dir;

    @Test
    void theMalformedCorpusAndLargeHonestArraysOpenInA24MiBHeap() throws IOException, InterruptedException {
        for (MalformedGgufCorpus.Case c : MalformedGgufCorpus.cases()) {
            Files.write(dir.resolve(c.name() + ".gguf"), c.bytes());
        }
        new GgufWriter().put("bytes", numbers(GgufValueType.UINT8, 16 << 20)).write(dir.resolve("honest-u8.gguf"));
        new GgufWriter().put("floats", numbers(GgufValueType.FLOAT32, 4 << 20)).write(dir.resolve("honest-f32.gguf"));

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP, "-cp", System.getProperty("java.class.path"), Opener.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        List<String> lines = new String(child.getInputStream().readAllBytes()).lines().toList();

        assertThat(child.waitFor()).as(String.join("\n", lines)).isZero();
        assertThat(lines).filteredOn(l -> l.startsWith("typed ")).hasSize(MalformedGgufCorpus.cases().size());
        assertThat(lines).filteredOn(l -> l.startsWith("opened ")).containsExactlyInAnyOrder(
                "opened honest-f32.gguf", "opened honest-u8.gguf");
        assertThat(lines).noneMatch(l -> l.startsWith("untyped "));
    }

    /** {@code n} elements of {@code type} with values past the JDK's cache of small boxed longs. */
    private static GgufValue numbers(GgufValueType type, int n) {
        List<Object> values = new ArrayList<>(n);
        Object value = type == GgufValueType.FLOAT32 ? (Object) 0.5f : (Object) 200L;
        for (int i = 0; i < n; i++) {
            values.add(value);
        }
        return new GgufValue(GgufValueType.ARRAY, new GgufArray(type, values));
    }

    /** Opens every file of a directory and prints one line each: opened, typed (error) or untyped (error). */
    public static final class Opener {

        public static void main(String[] args) throws IOException {
            try (Stream<Path> files = Files.list(Path.of(args[0]))) {
                for (Path path : files.sorted().toList()) {
                    System.out.println(open(path) + " " + path.getFileName());
                }
            }
        }

        private static String open(Path path) {
            try (GgufFile file = GgufFile.open(path)) {
                file.metadata().entries().keySet().forEach(file.metadata()::plain);
                return "opened";
            } catch (GgufFormatException e) {
                return "typed";
            } catch (Throwable e) {
                return "untyped " + e;
            }
        }
    }
}
