package dev.nemotron.runtime.chat;

/** A prompt leaves no room for an answer in the context; rejected before any token is computed. */
public final class ContextLengthExceededException extends IllegalArgumentException {

    private final int promptTokens;
    private final int contextLength;

    ContextLengthExceededException(int promptTokens, int contextLength) {
        super("the prompt has %d tokens but the context holds %d, leaving no room for the answer"
                .formatted(promptTokens, contextLength));
        this.promptTokens = promptTokens;
        this.contextLength = contextLength;
    }

    /** Tokens of the rendered prompt. */
    public int promptTokens() {
        return promptTokens;
    }

    /** Tokens the context holds. */
    public int contextLength() {
        return contextLength;
    }
}
