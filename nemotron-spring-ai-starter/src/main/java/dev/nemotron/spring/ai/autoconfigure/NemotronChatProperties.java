package dev.nemotron.spring.ai.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.nemotron.spring.ai.NemotronChatOptions;

/**
 * Default options of the Nemotron chat model, used by requests that bring none of their own.
 */
@ConfigurationProperties(NemotronChatProperties.CONFIG_PREFIX)
public class NemotronChatProperties {

    public static final String CONFIG_PREFIX = "spring.ai.nemotron.chat";

    /**
     * Whether the model reasons before it answers.
     */
    private boolean thinking = true;

    /**
     * Sampling temperature; 0 always picks the most likely token.
     */
    private @Nullable Double temperature;

    /**
     * Nucleus sampling: smallest set of tokens whose probabilities add up to this mass.
     */
    private @Nullable Double topP;

    /**
     * Number of most likely tokens sampled from; 0 keeps all.
     */
    private @Nullable Integer topK;

    /**
     * Tokens below this fraction of the most likely token's probability are never sampled.
     */
    private @Nullable Double minP;

    /**
     * Maximum number of tokens generated per answer, reasoning included.
     */
    private @Nullable Integer maxTokens;

    /**
     * Texts that end the answer when generated; they are not part of it.
     */
    private @Nullable List<String> stopSequences;

    /**
     * Seed of the sampler, for reproducible answers.
     */
    private @Nullable Long seed;

    /**
     * Multiplicative penalty on tokens already seen, as llama.cpp applies it; 1 is off.
     */
    private @Nullable Double repetitionPenalty;

    /**
     * Amount subtracted once from the logit of every token already generated.
     */
    private @Nullable Double presencePenalty;

    /**
     * Amount subtracted from the logit of a generated token for each time it occurred.
     */
    private @Nullable Double frequencyPenalty;

    /** These properties as chat options, reporting {@code modelName} as the model. */
    public NemotronChatOptions toOptions(String modelName) {
        return NemotronChatOptions.builder()
            .model(modelName)
            .thinking(this.thinking)
            .temperature(this.temperature)
            .topP(this.topP)
            .topK(this.topK)
            .minP(this.minP)
            .maxTokens(this.maxTokens)
            .stopSequences(this.stopSequences)
            .seed(this.seed)
            .repetitionPenalty(this.repetitionPenalty)
            .presencePenalty(this.presencePenalty)
            .frequencyPenalty(this.frequencyPenalty)
            .build();
    }

    public boolean isThinking() {
        return this.thinking;
    }

    public void setThinking(boolean thinking) {
        this.thinking = thinking;
    }

    public @Nullable Double getTemperature() {
        return this.temperature;
    }

    public void setTemperature(@Nullable Double temperature) {
        this.temperature = temperature;
    }

    public @Nullable Double getTopP() {
        return this.topP;
    }

    public void setTopP(@Nullable Double topP) {
        this.topP = topP;
    }

    public @Nullable Integer getTopK() {
        return this.topK;
    }

    public void setTopK(@Nullable Integer topK) {
        this.topK = topK;
    }

    public @Nullable Double getMinP() {
        return this.minP;
    }

    public void setMinP(@Nullable Double minP) {
        this.minP = minP;
    }

    public @Nullable Integer getMaxTokens() {
        return this.maxTokens;
    }

    public void setMaxTokens(@Nullable Integer maxTokens) {
        this.maxTokens = maxTokens;
    }

    public @Nullable List<String> getStopSequences() {
        return this.stopSequences;
    }

    public void setStopSequences(@Nullable List<String> stopSequences) {
        this.stopSequences = stopSequences;
    }

    public @Nullable Long getSeed() {
        return this.seed;
    }

    public void setSeed(@Nullable Long seed) {
        this.seed = seed;
    }

    public @Nullable Double getRepetitionPenalty() {
        return this.repetitionPenalty;
    }

    public void setRepetitionPenalty(@Nullable Double repetitionPenalty) {
        this.repetitionPenalty = repetitionPenalty;
    }

    public @Nullable Double getPresencePenalty() {
        return this.presencePenalty;
    }

    public void setPresencePenalty(@Nullable Double presencePenalty) {
        this.presencePenalty = presencePenalty;
    }

    public @Nullable Double getFrequencyPenalty() {
        return this.frequencyPenalty;
    }

    public void setFrequencyPenalty(@Nullable Double frequencyPenalty) {
        this.frequencyPenalty = frequencyPenalty;
    }
}
