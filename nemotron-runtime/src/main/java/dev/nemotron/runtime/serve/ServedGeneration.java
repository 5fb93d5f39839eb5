package dev.nemotron.runtime.serve;

import dev.nemotron.runtime.generate.GenerationResult;

/**
 * One generation served: the generation loop's result (its prefill time covers every prompt token computed) and
 * how many prompt tokens came from a snapshot instead.
 *
 * @param result             the generation
 * @param cachedPromptTokens prompt tokens restored from the prefix cache
 */
public record ServedGeneration(GenerationResult result, int cachedPromptTokens) {
}
