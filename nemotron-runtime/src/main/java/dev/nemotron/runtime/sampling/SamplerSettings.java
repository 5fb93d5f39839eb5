package dev.nemotron.runtime.sampling;

import org.jspecify.annotations.Nullable;

import dev.nemotron.runtime.generate.GenerationOptions;

/**
 * The parameters of a {@link Sampler}, with llama.cpp's names and meaning.
 *
 * @param temperature       divides the logits; 0 or less is greedy
 * @param topK              keep the k most likely tokens; 0 keeps all
 * @param topP              keep the most likely tokens up to this probability mass; 1 keeps all
 * @param minP              drop tokens less likely than this fraction of the top token; 0 keeps all
 * @param repetitionPenalty divides positive / multiplies negative logits of recent tokens; 1 is off
 * @param presencePenalty   subtracted once from the logit of each recent token
 * @param frequencyPenalty  subtracted per occurrence from the logit of each recent token
 * @param penaltyLastN      how many of the last accepted tokens the penalties look at; 0 turns them off
 * @param seed              makes the draws reproducible; {@code null} seeds from entropy
 */
public record SamplerSettings(double temperature, int topK, double topP, double minP, double repetitionPenalty,
        double presencePenalty, double frequencyPenalty, int penaltyLastN, @Nullable Long seed) {

    /** llama.cpp's command-line defaults. */
    public static final SamplerSettings LLAMA_CPP_DEFAULTS =
            new SamplerSettings(0.8, 40, 0.95, 0.05, 1.0, 0.0, 0.0, 64, null);

    public SamplerSettings {
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be >= 0, was " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1], was " + topP);
        }
        if (!(minP >= 0 && minP <= 1)) {
            throw new IllegalArgumentException("minP must be in [0, 1], was " + minP);
        }
        if (!(repetitionPenalty > 0)) {
            throw new IllegalArgumentException("repetitionPenalty must be > 0, was " + repetitionPenalty);
        }
        if (penaltyLastN < 0) {
            throw new IllegalArgumentException("penaltyLastN must be >= 0, was " + penaltyLastN);
        }
    }

    /** Greedy decoding: always the most likely token after penalties. */
    public static SamplerSettings greedy() {
        return new SamplerSettings(0.0, 0, 1.0, 0.0, 1.0, 0.0, 0.0, 0, null);
    }

    /** The request's options, each unset one taken from {@code defaults}. */
    public static SamplerSettings of(GenerationOptions options, SamplerSettings defaults) {
        return new SamplerSettings(
                or(options.temperature(), defaults.temperature()),
                options.topK() != null ? options.topK() : defaults.topK(),
                or(options.topP(), defaults.topP()),
                or(options.minP(), defaults.minP()),
                or(options.repetitionPenalty(), defaults.repetitionPenalty()),
                or(options.presencePenalty(), defaults.presencePenalty()),
                or(options.frequencyPenalty(), defaults.frequencyPenalty()),
                defaults.penaltyLastN(),
                options.seed() != null ? options.seed() : defaults.seed());
    }

    /** Whether any penalty changes logits. */
    boolean penalises() {
        return penaltyLastN > 0 && (repetitionPenalty != 1.0 || presencePenalty != 0.0 || frequencyPenalty != 0.0);
    }

    private static double or(@Nullable Double value, double fallback) {
        return value != null ? value : fallback;
    }
}
