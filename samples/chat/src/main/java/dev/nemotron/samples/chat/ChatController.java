package dev.nemotron.samples.chat;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.nemotron.spring.ai.NemotronChatModel;

/**
 * Chat over HTTP: a whole answer as JSON, or the answer as server-sent events while it is generated.
 */
@RestController
public class ChatController {

    private final ChatClient chatClient;

    public ChatController(ChatClient.Builder chatClientBuilder, ClockTools clockTools) {
        this.chatClient = chatClientBuilder.defaultTools(clockTools).build();
    }

    /** Answers {@code {"message": "…"}} with the answer, the model's reasoning and the tokens used. */
    @PostMapping("/chat")
    public ChatReply chat(@RequestBody ChatQuestion question) {
        ChatResponse response = Objects.requireNonNull(this.chatClient.prompt(question.message()).call()
            .chatResponse());
        Generation generation = response.getResult();
        Object reasoning = generation.getOutput().getMetadata().get(NemotronChatModel.REASONING_CONTENT);
        return new ChatReply(Objects.requireNonNullElse(generation.getOutput().getText(), ""),
                reasoning instanceof String text ? text : "", TokenUsage.of(response.getMetadata().getUsage()));
    }

    /**
     * Streams the answer: {@code reasoning} and {@code chunk} events with each new piece of reasoning and answer,
     * then a {@code usage} event with the tokens used. Events carry JSON, because SSE would drop the leading
     * space of a plain-text chunk.
     */
    @GetMapping(path = "/chat/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<ServerSentEvent<Object>> stream(@RequestParam("message") String message) {
        return Flux.defer(() -> {
            ChatEvents events = new ChatEvents();
            return this.chatClient.prompt(message).stream().chatResponse()
                .concatMapIterable(events::of)
                .concatWith(Mono.fromSupplier(events::usage));
        });
    }

    /** A question to the model. */
    public record ChatQuestion(String message) {
    }

    /** A whole answer. */
    public record ChatReply(String answer, String reasoning, TokenUsage usage) {
    }

    /** A piece of a streamed answer. */
    public record TextChunk(String text) {
    }

    /** Tokens of the prompt (tool rounds included) and of the answer. */
    public record TokenUsage(int promptTokens, int completionTokens, int totalTokens) {

        static TokenUsage of(@Nullable Usage usage) {
            if (usage == null) {
                return new TokenUsage(0, 0, 0);
            }
            int prompt = Objects.requireNonNullElse(usage.getPromptTokens(), 0);
            int completion = Objects.requireNonNullElse(usage.getCompletionTokens(), 0);
            return new TokenUsage(prompt, completion, prompt + completion);
        }
    }
}
