package dev.nemotron.spring.ai;

import java.util.List;
import java.util.Map;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.util.JsonHelper;

import dev.nemotron.runtime.chat.ChatResult;
import dev.nemotron.runtime.chat.ChatUsage;
import dev.nemotron.runtime.chat.ToolCall;

/**
 * Builds Spring AI responses from what the engine produced: whole answers for {@code call}, and for
 * {@code stream} one chunk per piece of text followed by a last chunk with tool calls, finish reason, usage
 * and timings.
 *
 * <p>Every chunk carries the reasoning accumulated so far, not a delta, because Spring AI's message aggregator
 * keeps the last value of each metadata key.
 */
final class ResponseBuilder {

    private static final JsonHelper JSON = new JsonHelper();

    private final String modelName;

    ResponseBuilder(String modelName) {
        this.modelName = modelName;
    }

    ChatResponse complete(ChatResult result) {
        return response(message(result.content(), result.reasoning(), result.toolCalls()), result);
    }

    ChatResponse chunk(String text, CharSequence reasoning) {
        Generation generation = new Generation(message(text, reasoning.toString(), List.of()));
        return new ChatResponse(List.of(generation), ChatResponseMetadata.builder().model(this.modelName).build());
    }

    ChatResponse lastChunk(ChatResult result) {
        return response(message("", result.reasoning(), result.toolCalls()), result);
    }

    private ChatResponse response(AssistantMessage message, ChatResult result) {
        ChatGenerationMetadata generationMetadata = ChatGenerationMetadata.builder()
            .finishReason(result.finishReason().name())
            .build();
        return new ChatResponse(List.of(new Generation(message, generationMetadata)), metadata(result.usage()));
    }

    private static AssistantMessage message(String text, String reasoning, List<ToolCall> toolCalls) {
        Map<String, Object> properties = reasoning.isEmpty() ? Map.of()
                : Map.of(NemotronChatModel.REASONING_CONTENT, reasoning);
        return AssistantMessage.builder()
            .content(text)
            .properties(properties)
            .toolCalls(toolCalls.stream().map(ResponseBuilder::toolCall).toList())
            .build();
    }

    private static AssistantMessage.ToolCall toolCall(ToolCall call) {
        return new AssistantMessage.ToolCall(call.id(), "function", call.name(), JSON.toJson(call.arguments()));
    }

    private ChatResponseMetadata metadata(ChatUsage usage) {
        long cachedTokens = usage.cachedPromptTokens();
        DefaultUsage springUsage = new DefaultUsage(usage.promptTokens(), usage.completionTokens(),
                usage.promptTokens() + usage.completionTokens(), usage, cachedTokens, null);
        return ChatResponseMetadata.builder()
            .model(this.modelName)
            .usage(springUsage)
            .keyValue(NemotronChatModel.PROMPT_EVAL_DURATION, usage.promptDuration())
            .keyValue(NemotronChatModel.PROMPT_EVAL_TOKENS_PER_SECOND, usage.promptTokensPerSecond())
            .keyValue(NemotronChatModel.EVAL_DURATION, usage.generationDuration())
            .keyValue(NemotronChatModel.EVAL_TOKENS_PER_SECOND, usage.generationTokensPerSecond())
            .build();
    }
}
