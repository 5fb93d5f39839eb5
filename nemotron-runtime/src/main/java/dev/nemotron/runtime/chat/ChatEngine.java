package dev.nemotron.runtime.chat;

/**
 * A loaded model that answers chat requests: renders the model's chat template, generates, and parses the
 * output into reasoning, answer and tool calls. This is what the Spring AI starter builds on.
 *
 * <p>Implementations are thread-safe: concurrent calls run as separate sequences. The Nemotron engine bounds
 * them and reuses conversation prefixes (docs/serving.md).
 */
public interface ChatEngine extends AutoCloseable {

    /**
     * Computes one completion, streaming it to {@code listener}; blocks until it is finished or cancelled.
     *
     * @throws IllegalArgumentException if the prompt does not fit the context, naming both token counts
     * @throws IllegalStateException    if the engine is or gets closed
     * @throws RuntimeException         a retryable {@code dev.nemotron.runtime.serve.EngineBusyException} when
     *                                  every sequence stays busy
     */
    ChatResult chat(ChatRequest request, ChatListener listener);

    /** A one-line description of the loaded model (architecture, parameters, weight types, KV codec, context). */
    String describe();

    /** The context length requests are limited to, in tokens. */
    int contextLength();

    /** Unmaps the model. Calls in flight are ended at their next token and return first. */
    @Override
    void close();
}
