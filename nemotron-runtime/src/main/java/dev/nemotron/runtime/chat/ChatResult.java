package dev.nemotron.runtime.chat;

import java.util.List;

/**
 * A finished chat completion.
 *
 * @param content      the answer, without reasoning and tool-call markup
 * @param reasoning    the reasoning, empty when thinking was off
 * @param toolCalls    the tool calls of the turn
 * @param finishReason why it ended
 * @param usage        token counts and timings
 */
public record ChatResult(String content, String reasoning, List<ToolCall> toolCalls, FinishReason finishReason,
        ChatUsage usage) {

    public ChatResult {
        toolCalls = List.copyOf(toolCalls);
    }
}
