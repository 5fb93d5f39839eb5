package dev.nemotron.runtime.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** The {@code --model} option every command takes. */
final class ModelFile {

    @Option(names = "--model", required = true, paramLabel = "PATH",
            description = "GGUF model file or MLX checkpoint directory.")
    Path path;
}
