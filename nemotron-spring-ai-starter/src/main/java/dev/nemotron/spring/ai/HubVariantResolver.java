package dev.nemotron.spring.ai;

import dev.nemotron.runtime.hub.HubOptions;
import dev.nemotron.runtime.hub.ModelResolver;
import dev.nemotron.runtime.hub.ResolvedModel;

/**
 * Resolves variants through the runtime's Hugging Face hub client: the variant catalogue, the shared Hugging Face
 * cache, downloads with progress lines, and offline use of what is cached.
 */
public final class HubVariantResolver implements VariantResolver {

    private final HubOptions options;

    public HubVariantResolver(HubOptions options) {
        this.options = options;
    }

    @Override
    public Resolution resolve(String variant) {
        ResolvedModel model = new ModelResolver(this.options).resolveModel(variant);
        return new Resolution(model.path(), model.kvCodecOverride().orElse(null));
    }

    /** Where and how variants are looked up. */
    public HubOptions options() {
        return this.options;
    }
}
