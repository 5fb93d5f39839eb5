package dev.nemotron.samples.chat;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.http.codec.ServerSentEvent;

import dev.nemotron.samples.chat.ChatController.TextChunk;
import dev.nemotron.samples.chat.ChatController.TokenUsage;
import dev.nemotron.spring.ai.NemotronChatModel;

/**
 * Turns the chunks of one streamed answer into server-sent events: {@code reasoning} and {@code chunk} events
 * with the new text of each, and at the end one {@code usage} event. One instance per stream.
 */
final class ChatEvents {

    private String reasoningSent = "";

    private @Nullable Usage usage;

    List<ServerSentEvent<Object>> of(ChatResponse response) {
        rememberUsage(response.getMetadata().getUsage());
        Generation generation = response.getResult();
        if (generation == null) {
            return List.of();
        }
        List<ServerSentEvent<Object>> events = new ArrayList<>(2);
        Object reasoning = generation.getOutput().getMetadata().get(NemotronChatModel.REASONING_CONTENT);
        if (reasoning instanceof String text) {
            String delta = reasoningDelta(text);
            if (!delta.isEmpty()) {
                events.add(event("reasoning", new TextChunk(delta)));
            }
        }
        String text = generation.getOutput().getText();
        if (text != null && !text.isEmpty()) {
            events.add(event("chunk", new TextChunk(text)));
        }
        return events;
    }

    ServerSentEvent<Object> usage() {
        return event("usage", TokenUsage.of(this.usage));
    }

    // Each chunk holds the reasoning so far; a tool round starts a new reasoning, which does not extend the last.
    private String reasoningDelta(String reasoning) {
        String delta = reasoning.startsWith(this.reasoningSent) ? reasoning.substring(this.reasoningSent.length())
                : reasoning;
        this.reasoningSent = reasoning;
        return delta;
    }

    private void rememberUsage(Usage chunkUsage) {
        if (chunkUsage.getTotalTokens() != null && chunkUsage.getTotalTokens() > 0) {
            this.usage = chunkUsage;
        }
    }

    private static ServerSentEvent<Object> event(String name, Object data) {
        return ServerSentEvent.builder(data).event(name).build();
    }
}
