package dev.nemotron.runtime.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import dev.nemotron.runtime.synthetic.Geometry;
import dev.nemotron.runtime.synthetic.SyntheticModel;
import dev.nemotron.runtime.synthetic.TensorTypes;
import dev.nemotron.runtime.weights.GgmlType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code synthesize}: writes a random-weight model with Nano's real layer shapes, the benchmark models of
 * {@code bench/compare.sh}. Large tensors are generated and encoded while they are written, so a 2 GiB file needs
 * little heap.
 */
@Command(name = "synthesize", mixinStandardHelpOptions = true,
        description = "Write a random-weight GGUF model with Nemotron-3-Nano's layer shapes.")
final class SynthesizeCommand implements Runnable {

    /** Weight types of the written file. */
    enum Weights {
        /** Every quantizable matrix Q8_0. */
        q8_0,
        /** llama-quantize's Q4_K_M choice for a Nemotron-H file. */
        q4_k_m,
        /** Every matrix F32. */
        f32
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--pattern", paramLabel = "LAYERS", description = "Layer pattern, e.g. ME* (default).")
    String pattern = "ME*";

    @Option(names = "--weights", paramLabel = "TYPE", description = "q8_0 (default), q4_k_m or f32.")
    Weights weights = Weights.q8_0;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed (default 1).")
    long seed = 1;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output .gguf file.")
    Path out;

    @Override
    public void run() {
        TensorTypes types = switch (weights) {
            case q8_0 -> TensorTypes.uniform(GgmlType.Q8_0);
            case q4_k_m -> TensorTypes.q4KMediumMix();
            case f32 -> TensorTypes.uniform(GgmlType.F32);
        };
        Path partial = out.resolveSibling(out.getFileName() + ".partial");
        long start = System.nanoTime();
        try {
            SyntheticModel.of(Geometry.nano(pattern), types, seed).write(partial);
            Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            spec.commandLine().getErr().printf("wrote %s (%d MiB) in %.1f s%n", out, Files.size(out) >> 20,
                    (System.nanoTime() - start) / 1e9);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }
}
