package dev.nemotron.spring.ai;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * Finds the model files of a variant of the model family, downloading them when needed; it is what turns
 * {@code spring.ai.nemotron.variant} into a model. The auto-configuration's default is {@link HubVariantResolver}.
 */
@FunctionalInterface
public interface VariantResolver {

    /**
     * The model files of {@code variant}.
     *
     * @throws RuntimeException if there is no such variant or its files cannot be had, with a message saying what
     *                          to do
     */
    Resolution resolve(String variant);

    /**
     * A variant's model files, ready to load.
     *
     * @param model   the GGUF file or MLX directory
     * @param kvCodec the KV codec id the variant pairs with its weights, or {@code null} for the engine's default
     */
    record Resolution(Path model, @Nullable String kvCodec) {

        /** Files that leave the KV codec to the engine. */
        public static Resolution of(Path model) {
            return new Resolution(model, null);
        }
    }
}
