package dev.nemotron.runtime.cli;

import org.jspecify.annotations.Nullable;

import dev.nemotron.runtime.kv.KvCodecs;
import picocli.CommandLine.Option;

/** The KV cache codec options, shared by the commands that run a model and by {@code info}. */
final class KvOptions {

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

    String keyCodec() {
        return keyCodec != null ? keyCodec : kvCodec;
    }

    String valueCodec() {
        return valueCodec != null ? valueCodec : kvCodec;
    }
}
