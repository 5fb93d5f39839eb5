package dev.nemotron.runtime.cli;

import dev.nemotron.runtime.model.LoadOptions;
import dev.nemotron.runtime.parallel.ComputePool;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of the commands that run a model. */
final class ModelOptions {

    @Mixin
    ModelFile model;

    @Option(names = "--threads", paramLabel = "N", description = "Compute threads (default: available processors).")
    int threads = ComputePool.defaultThreads();

    @Mixin
    KvOptions kv;

    @Option(names = "--context", paramLabel = "N", description = "Context length in tokens (default: 4096).")
    int context = 4096;

    @Option(names = "--reference", description = "F32 activations on dequantized weights, no llama.cpp rounding.")
    boolean reference;

    LoadOptions loadOptions() {
        return new LoadOptions(threads, kv.keyCodec(), kv.valueCodec(), kv.kvBits, context, reference);
    }
}
