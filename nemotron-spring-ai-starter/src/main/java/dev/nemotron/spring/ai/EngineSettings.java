package dev.nemotron.spring.ai;

import java.nio.file.Path;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What the engine needs to load a model: validated, with defaults applied where the engine has none of its own.
 *
 * @param model         a GGUF file or an MLX model directory
 * @param keyCodec      KV codec id of the cached keys, as in {@code f16} or {@code turboquant}
 * @param valueCodec    KV codec id of the cached values
 * @param kvBits        bits per value of the TurboQuant / RotorQuant codecs; {@code null} for the codec's default
 * @param contextLength tokens a sequence may hold; {@code null} for the model's trained context
 * @param threads       threads of the engine's pool; {@code null} for the engine's default
 */
public record EngineSettings(Path model, String keyCodec, String valueCodec, @Nullable Double kvBits,
        @Nullable Integer contextLength, @Nullable Integer threads) {

    public EngineSettings {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(keyCodec, "keyCodec");
        Objects.requireNonNull(valueCodec, "valueCodec");
    }

    /** The model's file or directory name, which responses and observations report as the model. */
    public String modelName() {
        Path fileName = this.model.getFileName();
        return fileName != null ? fileName.toString() : this.model.toString();
    }
}
