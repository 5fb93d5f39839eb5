package dev.nemotron.spring.ai;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.model.tool.DefaultToolCallingChatOptions;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;

import dev.nemotron.runtime.generate.GenerationOptions;

/**
 * Options of a Nemotron chat request. Immutable: change a copy through {@link #mutate()}. A {@code null} value
 * leaves the choice to the loaded model (its generation defaults; thinking on, as on the model card).
 */
public class NemotronChatOptions implements ToolCallingChatOptions {

    private final @Nullable String model;

    private final @Nullable Boolean thinking;

    private final @Nullable Double temperature;

    private final @Nullable Double topP;

    private final @Nullable Integer topK;

    private final @Nullable Double minP;

    private final @Nullable Integer maxTokens;

    private final @Nullable List<String> stopSequences;

    private final @Nullable Long seed;

    private final @Nullable Double repetitionPenalty;

    private final @Nullable Double presencePenalty;

    private final @Nullable Double frequencyPenalty;

    private final @Nullable List<ToolCallback> toolCallbacks;

    private final @Nullable Map<String, Object> toolContext;

    protected NemotronChatOptions(@Nullable String model, @Nullable Boolean thinking, @Nullable Double temperature,
            @Nullable Double topP, @Nullable Integer topK, @Nullable Double minP, @Nullable Integer maxTokens,
            @Nullable List<String> stopSequences, @Nullable Long seed, @Nullable Double repetitionPenalty,
            @Nullable Double presencePenalty, @Nullable Double frequencyPenalty,
            @Nullable List<ToolCallback> toolCallbacks, @Nullable Map<String, Object> toolContext) {
        this.model = model;
        this.thinking = thinking;
        this.temperature = temperature;
        this.topP = topP;
        this.topK = topK;
        this.minP = minP;
        this.maxTokens = maxTokens;
        this.stopSequences = stopSequences != null ? List.copyOf(stopSequences) : null;
        this.seed = seed;
        this.repetitionPenalty = repetitionPenalty;
        this.presencePenalty = presencePenalty;
        this.frequencyPenalty = frequencyPenalty;
        this.toolCallbacks = toolCallbacks != null ? List.copyOf(toolCallbacks) : null;
        this.toolContext = toolContext != null ? Map.copyOf(toolContext) : null;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The options of {@code options} that Nemotron understands; its own options when it already is one.
     */
    public static NemotronChatOptions from(ChatOptions options) {
        if (options instanceof NemotronChatOptions nemotronOptions) {
            return nemotronOptions;
        }
        Builder builder = builder().model(options.getModel())
            .temperature(options.getTemperature())
            .topP(options.getTopP())
            .topK(options.getTopK())
            .maxTokens(options.getMaxTokens())
            .stopSequences(options.getStopSequences())
            .presencePenalty(options.getPresencePenalty())
            .frequencyPenalty(options.getFrequencyPenalty());
        if (options instanceof ToolCallingChatOptions toolOptions) {
            builder.toolCallbacks(toolOptions.getToolCallbacks()).toolContext(toolOptions.getToolContext());
        }
        return builder.build();
    }

    @Override
    public @Nullable String getModel() {
        return this.model;
    }

    /** Whether the model reasons before it answers; {@code null} for the model's default (on). */
    public @Nullable Boolean getThinking() {
        return this.thinking;
    }

    @Override
    public @Nullable Double getTemperature() {
        return this.temperature;
    }

    @Override
    public @Nullable Double getTopP() {
        return this.topP;
    }

    @Override
    public @Nullable Integer getTopK() {
        return this.topK;
    }

    /** Tokens below this fraction of the most likely token's probability are never sampled. */
    public @Nullable Double getMinP() {
        return this.minP;
    }

    @Override
    public @Nullable Integer getMaxTokens() {
        return this.maxTokens;
    }

    @Override
    public @Nullable List<String> getStopSequences() {
        return this.stopSequences;
    }

    /** Seed of the sampler, for reproducible answers. */
    public @Nullable Long getSeed() {
        return this.seed;
    }

    /** llama.cpp's multiplicative penalty on tokens already seen; 1 is off. */
    public @Nullable Double getRepetitionPenalty() {
        return this.repetitionPenalty;
    }

    @Override
    public @Nullable Double getPresencePenalty() {
        return this.presencePenalty;
    }

    @Override
    public @Nullable Double getFrequencyPenalty() {
        return this.frequencyPenalty;
    }

    @Override
    public @Nullable List<ToolCallback> getToolCallbacks() {
        return this.toolCallbacks;
    }

    @Override
    public @Nullable Map<String, Object> getToolContext() {
        return this.toolContext;
    }

    /** The sampling and stop options of these options, in the engine's terms. */
    public GenerationOptions toGenerationOptions() {
        return new GenerationOptions(this.temperature, this.topP, this.topK, this.minP, this.maxTokens,
                Objects.requireNonNullElse(this.stopSequences, List.of()), this.seed, this.repetitionPenalty,
                this.presencePenalty, this.frequencyPenalty);
    }

    @Override
    public Builder mutate() {
        return builder().model(this.model)
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
            .toolCallbacks(this.toolCallbacks)
            .toolContext(this.toolContext);
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return this == other || other instanceof NemotronChatOptions that && getClass() == that.getClass()
                && Objects.equals(this.model, that.model) && Objects.equals(this.thinking, that.thinking)
                && Objects.equals(this.temperature, that.temperature) && Objects.equals(this.topP, that.topP)
                && Objects.equals(this.topK, that.topK) && Objects.equals(this.minP, that.minP)
                && Objects.equals(this.maxTokens, that.maxTokens)
                && Objects.equals(this.stopSequences, that.stopSequences) && Objects.equals(this.seed, that.seed)
                && Objects.equals(this.repetitionPenalty, that.repetitionPenalty)
                && Objects.equals(this.presencePenalty, that.presencePenalty)
                && Objects.equals(this.frequencyPenalty, that.frequencyPenalty)
                && Objects.equals(this.toolCallbacks, that.toolCallbacks)
                && Objects.equals(this.toolContext, that.toolContext);
    }

    @Override
    public int hashCode() {
        return Objects.hash(this.model, this.thinking, this.temperature, this.topP, this.topK, this.minP,
                this.maxTokens, this.stopSequences, this.seed, this.repetitionPenalty, this.presencePenalty,
                this.frequencyPenalty, this.toolCallbacks, this.toolContext);
    }

    @Override
    public String toString() {
        return "NemotronChatOptions[model=" + this.model + ", thinking=" + this.thinking + ", temperature="
                + this.temperature + ", topP=" + this.topP + ", topK=" + this.topK + ", minP=" + this.minP
                + ", maxTokens=" + this.maxTokens + ", stopSequences=" + this.stopSequences + ", seed=" + this.seed
                + ", repetitionPenalty=" + this.repetitionPenalty + ", presencePenalty=" + this.presencePenalty
                + ", frequencyPenalty=" + this.frequencyPenalty + "]";
    }

    /** The builder users see; it hides the self type of {@link AbstractBuilder}. */
    public static class Builder extends AbstractBuilder<Builder> {

        protected Builder() {
        }
    }

    /**
     * Builds {@link NemotronChatOptions}; {@link #combineWith} lets the non-null values of another builder win,
     * concatenating stop sequences and tool callbacks as every Spring AI options builder does.
     *
     * @param <B> the concrete builder type
     */
    protected abstract static class AbstractBuilder<B extends AbstractBuilder<B>>
            extends DefaultToolCallingChatOptions.Builder<B> {

        protected @Nullable Boolean thinking;

        protected @Nullable Double minP;

        protected @Nullable Long seed;

        protected @Nullable Double repetitionPenalty;

        public B thinking(@Nullable Boolean thinking) {
            this.thinking = thinking;
            return self();
        }

        public B minP(@Nullable Double minP) {
            this.minP = minP;
            return self();
        }

        public B seed(@Nullable Long seed) {
            this.seed = seed;
            return self();
        }

        public B repetitionPenalty(@Nullable Double repetitionPenalty) {
            this.repetitionPenalty = repetitionPenalty;
            return self();
        }

        @Override
        public B combineWith(ChatOptions.Builder<?> other) {
            super.combineWith(other);
            if (other instanceof AbstractBuilder<?> that) {
                this.thinking = that.thinking != null ? that.thinking : this.thinking;
                this.minP = that.minP != null ? that.minP : this.minP;
                this.seed = that.seed != null ? that.seed : this.seed;
                this.repetitionPenalty = that.repetitionPenalty != null ? that.repetitionPenalty
                        : this.repetitionPenalty;
            }
            return self();
        }

        @Override
        public NemotronChatOptions build() {
            return new NemotronChatOptions(this.model, this.thinking, this.temperature, this.topP, this.topK,
                    this.minP, this.maxTokens, this.stopSequences, this.seed, this.repetitionPenalty,
                    this.presencePenalty, this.frequencyPenalty, this.toolCallbacks, this.toolContext);
        }
    }
}
