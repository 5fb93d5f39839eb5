package dev.nemotron.runtime.chat;

/**
 * Receives a chat completion while it is generated, on the generating thread. Deltas never split a UTF-8
 * character, and markup is never handed out as text before the parser knows what it is.
 */
public interface ChatListener {

    /** A piece of reasoning (the text inside the think block). */
    default void onReasoning(String delta) {
    }

    /** A piece of the answer. */
    default void onContent(String delta) {
    }

    /** A complete tool call. */
    default void onToolCall(ToolCall call) {
    }

    /** Polled once per generated token: {@code true} stops generation with {@link FinishReason#CANCELLED}. */
    default boolean isCancelled() {
        return false;
    }

    /** A listener that ignores everything. */
    static ChatListener none() {
        return new ChatListener() {
        };
    }
}
