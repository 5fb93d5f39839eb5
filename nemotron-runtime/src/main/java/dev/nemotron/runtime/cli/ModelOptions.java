package dev.nemotron.runtime.cli;

import org.jspecify.annotations.Nullable;

import dev.nemotron.runtime.kv.KvCodecs;
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

    @Option(names = {"--kv-codec", "--kv-type"}, paramLabel = "CODEC",
            description = "KV cache codec of keys and values: f16 (default), f32, bf16, q8_0, q4_0, turboquant, "
                    + "rotorquant.")
    String kvCodec = KvCodecs.DEFAULT_ID;

    @Option(names = "--kv-key-codec", paramLabel = "CODEC", description = "KV cache codec of the keys only.")
    @Nullable String keyCodec;

    @Option(names = "--kv-value-codec", paramLabel = "CODEC", description = "KV cache codec of the values only.")
    @Nullable String valueCodec;

    @Option(names = "--kv-bits", paramLabel = "B",
            description = "Bits per value of turboquant (2, 2.5, 3, 3.5, 4) or rotorquant (3, 4); default 3.")
    double kvBits;

    @Option(names = "--context", paramLabel = "N", description = "Context length in tokens (default: 4096).")
    int context = 4096;

    @Option(names = "--reference", description = "F32 activations on dequantized weights, no llama.cpp rounding.")
    boolean reference;

    LoadOptions loadOptions() {
        return new LoadOptions(threads, keyCodec != null ? keyCodec : kvCodec,
                valueCodec != null ? valueCodec : kvCodec, kvBits, context, reference);
    }
}
