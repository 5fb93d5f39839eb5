package dev.nemotron.runtime.chat;

import java.util.ArrayList;
import java.util.List;

import dev.nemotron.runtime.generate.StopSequenceMatcher;

/**
 * Applies a request's stop sequences to the answer, between the output parser and the caller's listener: reasoning
 * and tool-call markup never end a completion, the answer text does. Once a stop sequence is found nothing more is
 * passed on; until then everything the listener receives is also collected, so the result equals the stream.
 */
final class AnswerStops implements ChatListener {

    private final ChatListener listener;
    private final StopSequenceMatcher matcher;
    private final StringBuilder content = new StringBuilder();
    private final List<ToolCall> toolCalls = new ArrayList<>();
    private boolean stopped;

    /**
     * @throws IllegalArgumentException if a stop sequence is empty
     */
    AnswerStops(List<String> stopSequences, ChatListener listener) {
        this.matcher = new StopSequenceMatcher(stopSequences);
        this.listener = listener;
    }

    @Override
    public void onReasoning(String delta) {
        if (!stopped) {
            listener.onReasoning(delta);
        }
    }

    @Override
    public void onContent(String delta) {
        if (stopped) {
            return;
        }
        StopSequenceMatcher.Step step = matcher.accept(delta);
        passContent(step.text());
        stopped = step.stopped();
    }

    /** A tool call ends the answer text before it, so text held back as a possible stop start is passed first. */
    @Override
    public void onToolCall(ToolCall call) {
        if (stopped) {
            return;
        }
        passContent(matcher.finish());
        toolCalls.add(call);
        listener.onToolCall(call);
    }

    /** Passes on the answer text still held back; call after the parser has finished. */
    void finish() {
        if (!stopped) {
            passContent(matcher.finish());
        }
    }

    /** Whether the answer reached a stop sequence. */
    boolean stopped() {
        return stopped;
    }

    /** The answer as passed on. */
    String content() {
        return content.toString();
    }

    /** The tool calls as passed on. */
    List<ToolCall> toolCalls() {
        return toolCalls;
    }

    private void passContent(String text) {
        if (!text.isEmpty()) {
            content.append(text);
            listener.onContent(text);
        }
    }
}
