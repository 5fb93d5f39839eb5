package dev.nemotron.runtime.generate;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * How to sample and when to stop. A {@code null} field means the model's default.
 *
 * @param temperature       softmax temperature; 0 is greedy
 * @param topP              nucleus sampling mass
 * @param topK              keep the k most likely tokens; 0 keeps all
 * @param minP              drop tokens below this fraction of the top probability
 * @param maxTokens         generated-token limit
 * @param stopSequences     texts that end generation (not included in the output)
 * @param seed              makes sampling reproducible
 * @param repetitionPenalty llama.cpp's multiplicative penalty on tokens already seen; 1 is off
 * @param presencePenalty   subtracted once from the logit of every token already generated
 * @param frequencyPenalty  subtracted per occurrence from the logit of tokens already generated
 */
public record GenerationOptions(@Nullable Double temperature, @Nullable Double topP, @Nullable Integer topK,
        @Nullable Double minP, @Nullable Integer maxTokens, List<String> stopSequences, @Nullable Long seed,
        @Nullable Double repetitionPenalty, @Nullable Double presencePenalty, @Nullable Double frequencyPenalty) {

    public GenerationOptions {
        stopSequences = List.copyOf(stopSequences);
    }

    /** Every field left to the model's default. */
    public static GenerationOptions defaults() {
        return new GenerationOptions(null, null, null, null, null, List.of(), null, null, null, null);
    }

    /** Greedy decoding with a token limit. */
    public static GenerationOptions greedy(int maxTokens) {
        return new GenerationOptions(0.0, null, null, null, maxTokens, List.of(), null, null, null, null);
    }
}
