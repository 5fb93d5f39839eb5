package dev.nemotron.runtime.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

import dev.nemotron.runtime.testing.SharedData;

/**
 * The base of the command-line tests: runs {@link Main} in-process with captured standard output and error, and
 * gives each test a scratch folder.
 */
abstract class CommandLineTest {

    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    /** Runs {@code nemotron args...}, appending to {@link #out} and {@link #err}; returns the exit code. */
    int run(String... args) {
        return Main.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    /** The path of a golden GGUF model, as a command-line argument. */
    static String model(String name) {
        return SharedData.goldenModel(name).toString();
    }
}
