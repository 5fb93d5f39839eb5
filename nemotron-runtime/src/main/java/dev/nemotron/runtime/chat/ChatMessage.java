package dev.nemotron.runtime.chat;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One message of a conversation, in the shape the chat template receives (the OpenAI / transformers form).
 *
 * @param role             {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content          the text; may be empty for an assistant turn that only calls tools
 * @param reasoningContent an assistant turn's reasoning, if kept apart from the content
 * @param toolCalls        the tools an assistant turn called
 * @param toolCallId       for a tool result: the id of the call it answers
 * @param name             for a tool result: the tool's name
 */
public record ChatMessage(String role, String content, @Nullable String reasoningContent, List<ToolCall> toolCalls,
        @Nullable String toolCallId, @Nullable String name) {

    public ChatMessage {
        toolCalls = List.copyOf(toolCalls);
    }

    public static ChatMessage system(String content) {
        return new ChatMessage("system", content, null, List.of(), null, null);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content, null, List.of(), null, null);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage("assistant", content, null, List.of(), null, null);
    }

    public static ChatMessage assistant(String content, @Nullable String reasoning, List<ToolCall> toolCalls) {
        return new ChatMessage("assistant", content, reasoning, toolCalls, null, null);
    }

    public static ChatMessage tool(String content, @Nullable String toolCallId, @Nullable String name) {
        return new ChatMessage("tool", content, null, List.of(), toolCallId, name);
    }
}
