package dev.nemotron.spring.ai;

import org.springframework.ai.retry.NonTransientAiException;

import dev.nemotron.runtime.chat.ContextLengthExceededException;

/**
 * The prompt leaves no room for an answer in the context; rejected before any token was computed. Sending it
 * again cannot succeed: the conversation must be shortened (or {@code spring.ai.nemotron.context-length} raised,
 * up to the model's trained context).
 */
public class NemotronPromptTooLongException extends NonTransientAiException {

    private final int promptTokens;

    private final int contextLength;

    public NemotronPromptTooLongException(ContextLengthExceededException cause) {
        super(cause.getMessage(), cause);
        this.promptTokens = cause.promptTokens();
        this.contextLength = cause.contextLength();
    }

    /** Tokens of the rendered prompt. */
    public int getPromptTokens() {
        return this.promptTokens;
    }

    /** Tokens the context holds. */
    public int getContextLength() {
        return this.contextLength;
    }
}
