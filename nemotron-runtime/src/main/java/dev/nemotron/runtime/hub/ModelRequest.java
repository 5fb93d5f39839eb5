package dev.nemotron.runtime.hub;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * What to fetch: a repository at a revision, and how to pick the model's files in it.
 *
 * @param label      the variant id or URI the user wrote, for messages
 * @param repository the {@code owner/name} holding the weights
 * @param revision   branch, tag or commit
 * @param format     the expected format, or null to detect it from the listing
 * @param weightType the GGUF weight type to pick, or null
 * @param file       an explicit GGUF file, or null
 * @param kvCodec    the KV codec the variant pairs with its weights, or {@link Variant#NO_KV_CODEC}
 * @param variant    the catalogue entry, or null for a URI outside the catalogue
 */
record ModelRequest(String label, String repository, String revision, @Nullable ModelFormat format,
                    @Nullable String weightType, @Nullable String file, String kvCodec, @Nullable Variant variant) {

    static final String DEFAULT_REVISION = "main";
    static final String URI_SCHEME = "hf://";

    /**
     * The request for a catalogue id or repository, or an {@code hf://owner/repo[/file][@revision]} URI.
     *
     * @throws HubException UNKNOWN_VARIANT with the closest ids, NOT_LOADABLE for the projector and root cards,
     *                      UNSAFE_NAME for a malformed URI
     */
    static ModelRequest parse(String variantOrUri, VariantCatalogue catalogue) {
        String spec = variantOrUri.strip();
        if (!spec.toLowerCase(Locale.ROOT).startsWith(URI_SCHEME)) {
            return ofVariant(spec, catalogue.requireLoadable(spec), DEFAULT_REVISION);
        }
        String rest = spec.substring(URI_SCHEME.length());
        String revision = DEFAULT_REVISION;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            revision = SafeNames.revision(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        String[] parts = rest.split("/", 3);
        if (parts.length < 2) {
            throw new HubException(HubException.Reason.UNSAFE_NAME,
                    "'%s' is not hf://owner/repo[/file][@revision]".formatted(variantOrUri));
        }
        String repository = SafeNames.repository(parts[0] + "/" + parts[1]);
        String file = parts.length == 3 ? SafeNames.filePath(parts[2]) : null;
        if (file == null && catalogue.find(repository).isPresent()) {
            return ofVariant(spec, catalogue.requireLoadable(repository), revision);
        }
        if (file != null && !file.endsWith(".gguf")) {
            throw new HubException(HubException.Reason.NOT_FOUND, ("'%s' names %s, which is not a .gguf file; for an "
                    + "MLX model name the repository alone").formatted(variantOrUri, file));
        }
        return new ModelRequest(spec, repository, revision, null, null, file, Variant.NO_KV_CODEC, null);
    }

    private static ModelRequest ofVariant(String label, Variant variant, String revision) {
        String weights = variant.weights().orElseThrow(() -> new HubException(HubException.Reason.NOT_LOADABLE,
                "variant %s publishes no weights".formatted(variant.id())));
        return new ModelRequest(label.startsWith(URI_SCHEME) ? label : variant.id(), weights, revision,
                variant.format(), variant.weightType(), null, variant.kvCodec(), variant);
    }
}
