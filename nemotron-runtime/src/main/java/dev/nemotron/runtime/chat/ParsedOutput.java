package dev.nemotron.runtime.chat;

import java.util.List;

/**
 * A completion split into its parts by {@link NemotronOutputParser}.
 *
 * @param content   the answer, trimmed, without reasoning and tool-call markup
 * @param reasoning the reasoning, trimmed; empty when there was none
 * @param toolCalls the tool calls, in the order the model wrote them
 */
public record ParsedOutput(String content, String reasoning, List<ToolCall> toolCalls) {

    public ParsedOutput {
        toolCalls = List.copyOf(toolCalls);
    }
}
