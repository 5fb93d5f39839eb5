package dev.nemotron.runtime.hub;

import java.nio.file.Path;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A model in the local cache, ready to load.
 *
 * @param model      the variant id or URI it was resolved from
 * @param path       the GGUF file (the first part of a split set) or the MLX snapshot directory
 * @param format     GGUF or MLX
 * @param kvCodec    the KV codec the variant pairs with its weights, or {@link Variant#NO_KV_CODEC}
 * @param repository the repository the files came from
 * @param commit     the commit they belong to
 * @param variant    the catalogue entry, or null for a URI outside the catalogue
 */
public record ResolvedModel(String model, Path path, ModelFormat format, String kvCodec, String repository,
                            String commit, @Nullable Variant variant) {

    /** The KV codec to use unless the user chose one, empty for the engine's default. */
    public Optional<String> kvCodecOverride() {
        return Variant.override(kvCodec);
    }
}
