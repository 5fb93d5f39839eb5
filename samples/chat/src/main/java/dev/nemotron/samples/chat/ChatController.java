package dev.nemotron.samples.chat;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

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
     * Streams the answer: one {@code chunk} event per piece of text, then a {@code usage} event with the tokens
     * used. Events carry JSON, because SSE would drop the leading space of a plain-text chunk.
     */
    @GetMapping(path = "/chat/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<ServerSentEvent<Object>> stream(@RequestParam("message") String message) {
        return Flux.defer(() -> {
            AtomicReference<@Nullable Usage> usage = new AtomicReference<>();
            return this.chatClient.prompt(message).stream().chatResponse()
                .doOnNext(response -> rememberUsage(response, usage))
                .mapNotNull(ChatController::text)
                .map(text -> ServerSentEvent.<Object>builder(new TextChunk(text)).event("chunk").build())
                .concatWith(Flux.defer(() -> Flux.just(ServerSentEvent.<Object>builder(TokenUsage.of(usage.get()))
                    .event("usage")
                    .build())));
        });
    }

    private static @Nullable String text(ChatResponse response) {
        Generation generation = response.getResult();
        String text = generation != null ? generation.getOutput().getText() : null;
        return text == null || text.isEmpty() ? null : text;
    }

    private static void rememberUsage(ChatResponse response, AtomicReference<@Nullable Usage> usage) {
        Usage chunkUsage = response.getMetadata().getUsage();
        if (chunkUsage.getTotalTokens() != null && chunkUsage.getTotalTokens() > 0) {
            usage.set(chunkUsage);
        }
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
