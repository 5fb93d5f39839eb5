package dev.nemotron.spring.ai;

import java.nio.file.Path;

/**
 * Finds the model files of a variant of the model family, downloading them when needed. With a bean of this
 * type, {@code spring.ai.nemotron.variant} selects the model; without one, {@code spring.ai.nemotron.model} is
 * required.
 */
@FunctionalInterface
public interface VariantResolver {

    /**
     * The GGUF file or MLX directory of {@code variant}.
     *
     * @throws IllegalArgumentException if there is no such variant, with a message naming the known ones
     */
    Path resolve(String variant);
}
