package dev.nemotron.runtime.chat;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.nemotron.runtime.generate.GenerationOptions;

/**
 * One chat completion to compute.
 *
 * @param messages       the conversation so far
 * @param tools          the tools offered, empty for none
 * @param thinking       whether the model reasons before answering (the template's {@code enable_thinking})
 * @param templateKwargs further template variables, as in {@code truncate_history_thinking}
 * @param options        sampling and stop options
 */
public record ChatRequest(List<ChatMessage> messages, List<ToolDefinition> tools, boolean thinking,
        Map<String, Object> templateKwargs, GenerationOptions options) {

    public ChatRequest {
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
        templateKwargs = Collections.unmodifiableMap(new LinkedHashMap<>(templateKwargs));
    }
}
