package dev.nemotron.spring.ai;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.util.JsonHelper;
import org.springframework.util.StringUtils;

import dev.nemotron.runtime.chat.ChatMessage;
import dev.nemotron.runtime.chat.ChatRequest;
import dev.nemotron.runtime.chat.ToolCall;
import dev.nemotron.runtime.chat.ToolDefinition;

/**
 * Turns a Spring AI {@link Prompt} into the engine's {@link ChatRequest}: messages in the chat template's roles,
 * tools as JSON schemas the template renders.
 */
final class PromptConverter {

    private static final JsonHelper JSON = new JsonHelper();

    private final ToolCallingManager toolCallingManager;

    PromptConverter(ToolCallingManager toolCallingManager) {
        this.toolCallingManager = toolCallingManager;
    }

    ChatRequest toChatRequest(Prompt prompt, NemotronChatOptions options) {
        List<ChatMessage> messages = prompt.getInstructions().stream().flatMap(m -> toChatMessages(m).stream())
            .toList();
        boolean thinking = Objects.requireNonNullElse(options.getThinking(), true);
        return new ChatRequest(messages, toolDefinitions(options), thinking, Map.of(), options.toGenerationOptions());
    }

    private List<ToolDefinition> toolDefinitions(NemotronChatOptions options) {
        return this.toolCallingManager.resolveToolDefinitions(options).stream()
            .map(tool -> new ToolDefinition(tool.name(), tool.description(), jsonObject(tool.inputSchema())))
            .toList();
    }

    private static List<ChatMessage> toChatMessages(Message message) {
        String text = Objects.requireNonNullElse(message.getText(), "");
        return switch (message.getMessageType()) {
            case SYSTEM -> List.of(ChatMessage.system(text));
            case USER -> List.of(ChatMessage.user(text));
            case ASSISTANT -> List.of(toAssistantMessage((AssistantMessage) message, text));
            case TOOL -> ((ToolResponseMessage) message).getResponses().stream()
                .map(response -> ChatMessage.tool(response.responseData(), response.id(), response.name()))
                .toList();
        };
    }

    private static ChatMessage toAssistantMessage(AssistantMessage message, String text) {
        List<ToolCall> toolCalls = message.getToolCalls().stream()
            .map(call -> new ToolCall(call.id(), call.name(), jsonObject(call.arguments())))
            .toList();
        // Handing the reasoning back lets the chat template decide whether earlier turns keep it.
        Object reasoning = message.getMetadata().get(NemotronChatModel.REASONING_CONTENT);
        return ChatMessage.assistant(text, reasoning instanceof String s && !s.isEmpty() ? s : null, toolCalls);
    }

    private static Map<String, Object> jsonObject(@Nullable String json) {
        return StringUtils.hasText(json) ? JSON.fromJsonToMap(json) : Map.of();
    }
}
