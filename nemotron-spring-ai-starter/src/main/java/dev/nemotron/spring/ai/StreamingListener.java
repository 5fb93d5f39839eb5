package dev.nemotron.spring.ai;

import org.springframework.ai.chat.model.ChatResponse;

import reactor.core.publisher.FluxSink;

import dev.nemotron.runtime.chat.ChatListener;

/**
 * Forwards a completion, while it is generated, into a {@link FluxSink} as Spring AI chunks. Cancelling the
 * subscription is seen by the engine at its next token, which ends the sequence.
 */
final class StreamingListener implements ChatListener {

    private final FluxSink<ChatResponse> sink;

    private final ResponseBuilder responses;

    private final StringBuilder reasoning = new StringBuilder();

    private volatile boolean cancelled;

    StreamingListener(FluxSink<ChatResponse> sink, ResponseBuilder responses) {
        this.sink = sink;
        this.responses = responses;
        sink.onCancel(this::cancel);
    }

    @Override
    public void onReasoning(String delta) {
        this.reasoning.append(delta);
        this.sink.next(this.responses.chunk("", this.reasoning));
    }

    @Override
    public void onContent(String delta) {
        this.sink.next(this.responses.chunk(delta, this.reasoning));
    }

    @Override
    public boolean isCancelled() {
        return this.cancelled;
    }

    /** Ends generation at the next token, as a cancelled subscription does. */
    void cancel() {
        this.cancelled = true;
    }
}
