package dev.nemotron.spring.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.MessageAggregator;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import dev.nemotron.runtime.chat.ChatEngine;
import dev.nemotron.runtime.chat.ChatListener;
import dev.nemotron.runtime.chat.ChatMessage;
import dev.nemotron.runtime.chat.ChatRequest;
import dev.nemotron.runtime.chat.ChatResult;
import dev.nemotron.runtime.chat.FinishReason;
import dev.nemotron.runtime.chat.ToolCall;
import dev.nemotron.spring.ai.testing.ScriptedChatEngine;
import dev.nemotron.spring.ai.testing.ScriptedChatEngine.Turn;

class NemotronChatModelTests {

    private static final Turn THINK_THEN_ANSWER = Turn.of(40, Duration.ofMillis(200), Duration.ofMillis(100))
        .reasoning("The user", " greets.")
        .content("Hello", " world");

    private final ScriptedChatEngine engine = new ScriptedChatEngine();

    private NemotronChatModel model = model(NemotronChatOptions.builder().build());

    @AfterEach
    void closeModel() {
        this.model.close();
    }

    @Test
    void callAnswersWithTheContentAsTextAndTheReasoningInMetadata() {
        this.engine.turn(THINK_THEN_ANSWER);

        ChatResponse response = this.model.call(new Prompt("Hi"));

        AssistantMessage output = response.getResult().getOutput();
        assertThat(output.getText()).isEqualTo("Hello world");
        assertThat(output.getMetadata()).containsEntry("reasoningContent", "The user greets.");
        assertThat(response.getResult().getMetadata().getFinishReason()).isEqualTo("STOP");
    }

    @Test
    void callReportsUsageAndTimings() {
        this.engine.turn(THINK_THEN_ANSWER.cachedPromptTokens(20));

        ChatResponse response = this.model.call(new Prompt("Hi"));

        Usage usage = response.getMetadata().getUsage();
        assertThat(usage.getPromptTokens()).isEqualTo(40);
        assertThat(usage.getCompletionTokens()).isEqualTo(4);
        assertThat(usage.getTotalTokens()).isEqualTo(44);
        assertThat(usage.getCacheReadInputTokens()).isEqualTo(20L);
        // 20 computed prompt tokens in 0.2 s, 4 generated tokens in 0.1 s.
        assertThat((Double) response.getMetadata().get("prompt-eval-tokens-per-second")).isEqualTo(100.0);
        assertThat((Double) response.getMetadata().get("eval-tokens-per-second")).isEqualTo(40.0);
        assertThat((Duration) response.getMetadata().get("prompt-eval-duration")).isEqualTo(Duration.ofMillis(200));
        assertThat((Duration) response.getMetadata().get("eval-duration")).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void callEndsWithLengthWhenTheTokenLimitIsReached() {
        this.engine.turn(THINK_THEN_ANSWER);

        ChatResponse response = this.model.call(new Prompt("Hi", NemotronChatOptions.builder().maxTokens(3).build()));

        assertThat(response.getResult().getMetadata().getFinishReason()).isEqualTo("LENGTH");
        assertThat(response.getResult().getOutput().getText()).isEqualTo("Hello");
    }

    @Test
    void promptOptionsAreUsedAsGivenAndTheModelOptionsOnlyWithoutThem() {
        this.model = model(NemotronChatOptions.builder().temperature(0.7).topK(40).seed(7L).build());
        this.engine.turn(THINK_THEN_ANSWER);

        this.model.call(new Prompt("Hi", NemotronChatOptions.builder().temperature(0.1).minP(0.05).build()));
        this.model.call(new Prompt("Hi"));

        ChatRequest withOptions = this.engine.requests().get(0);
        assertThat(withOptions.options().temperature()).isEqualTo(0.1);
        assertThat(withOptions.options().minP()).isEqualTo(0.05);
        assertThat(withOptions.options().topK()).isNull();
        assertThat(withOptions.options().seed()).isNull();
        ChatRequest withDefaults = this.engine.requests().get(1);
        assertThat(withDefaults.options().temperature()).isEqualTo(0.7);
        assertThat(withDefaults.options().topK()).isEqualTo(40);
        assertThat(withDefaults.options().seed()).isEqualTo(7L);
    }

    @Test
    void portableChatOptionsAreUnderstood() {
        this.engine.turn(THINK_THEN_ANSWER);
        ChatOptions options = ChatOptions.builder().temperature(0.2).topP(0.9).maxTokens(64)
            .stopSequences(List.of("END")).build();

        this.model.call(new Prompt("Hi", options));

        ChatRequest request = this.engine.requests().getFirst();
        assertThat(request.options().temperature()).isEqualTo(0.2);
        assertThat(request.options().topP()).isEqualTo(0.9);
        assertThat(request.options().maxTokens()).isEqualTo(64);
        assertThat(request.options().stopSequences()).containsExactly("END");
        assertThat(request.thinking()).isTrue();
    }

    @Test
    void thinkingOffAsksTheTemplateForNoReasoningAndReportsNone() {
        this.engine.turn(THINK_THEN_ANSWER);

        NemotronChatOptions thinkingOff = NemotronChatOptions.builder().thinking(false).build();

        ChatResponse response = this.model.call(new Prompt("Hi", thinkingOff));

        assertThat(this.engine.requests().getFirst().thinking()).isFalse();
        assertThat(response.getResult().getOutput().getMetadata()).doesNotContainKey("reasoningContent");
    }

    @Test
    void messagesReachTheTemplateInItsRoles() {
        this.engine.turn(THINK_THEN_ANSWER);
        AssistantMessage toolCalling = AssistantMessage.builder()
            .content("")
            .properties(Map.of("reasoningContent", "Need the weather."))
            .toolCalls(List.of(new AssistantMessage.ToolCall("call-1", "function", "weather",
                    "{\"city\":\"Paris\",\"days\":3}")))
            .build();
        ToolResponseMessage toolResult = ToolResponseMessage.builder()
            .responses(List.of(new ToolResponseMessage.ToolResponse("call-1", "weather", "sunny")))
            .build();

        this.model.call(new Prompt(List.of(new SystemMessage("Be brief."), new UserMessage("Weather in Paris?"),
                toolCalling, toolResult)));

        assertThat(this.engine.requests().getFirst().messages()).containsExactly(
                ChatMessage.system("Be brief."),
                ChatMessage.user("Weather in Paris?"),
                ChatMessage.assistant("", "Need the weather.",
                        List.of(new ToolCall("call-1", "weather", Map.of("city", "Paris", "days", 3)))),
                ChatMessage.tool("sunny", "call-1", "weather"));
    }

    @Test
    void generatedToolCallsBecomeAssistantToolCallsWithJsonArguments() {
        this.engine.turn(Turn.of(30, Duration.ofMillis(10), Duration.ofMillis(10))
            .reasoning("Look it up.")
            .toolCall("call-7", "weather", Map.of("city", "Paris")));

        ChatResponse response = this.model.call(new Prompt("Weather in Paris?"));

        assertThat(response.hasToolCalls()).isTrue();
        assertThat(response.getResult().getOutput().getToolCalls())
            .containsExactly(new AssistantMessage.ToolCall("call-7", "function", "weather", "{\"city\":\"Paris\"}"));
        assertThat(response.getResult().getMetadata().getFinishReason()).isEqualTo("TOOL_CALLS");
    }

    @Test
    void streamEmitsAChunkPerTokenOffTheCallersThread() {
        this.engine.turn(THINK_THEN_ANSWER);

        List<ChatResponse> chunks = this.model.stream(new Prompt("Hi")).collectList().block();

        assertThat(chunks).extracting(chunk -> chunk.getResult().getOutput().getText())
            .containsExactly("", "", "Hello", " world", "");
        assertThat(chunks).extracting(chunk -> chunk.getResult().getOutput().getMetadata().get("reasoningContent"))
            .containsExactly("The user", "The user greets.", "The user greets.", "The user greets.",
                    "The user greets.");
        assertThat(this.engine.generatingThreads()).singleElement().asString().startsWith("nemotron-chat-")
            .isNotEqualTo(Thread.currentThread().getName());
    }

    @Test
    void streamPutsFinishReasonAndUsageOnTheLastChunk() {
        this.engine.turn(THINK_THEN_ANSWER);

        List<ChatResponse> chunks = this.model.stream(new Prompt("Hi")).collectList().block();

        ChatResponse last = chunks.getLast();
        assertThat(last.getResult().getMetadata().getFinishReason()).isEqualTo("STOP");
        assertThat(last.getMetadata().getUsage().getPromptTokens()).isEqualTo(40);
        assertThat(last.getMetadata().getUsage().getCompletionTokens()).isEqualTo(4);
        assertThat(chunks.subList(0, chunks.size() - 1))
            .allSatisfy(chunk -> assertThat(chunk.getResult().getMetadata().getFinishReason()).isNull());
    }

    @Test
    void theAggregatedStreamCarriesTheWholeAnswerReasoningAndUsage() {
        this.engine.turn(THINK_THEN_ANSWER);
        AtomicReference<ChatResponse> aggregated = new AtomicReference<>();

        new MessageAggregator().aggregate(this.model.stream(new Prompt("Hi")), aggregated::set).blockLast();

        AssistantMessage output = aggregated.get().getResult().getOutput();
        assertThat(output.getText()).isEqualTo("Hello world");
        assertThat(output.getMetadata()).containsEntry("reasoningContent", "The user greets.");
        assertThat(aggregated.get().getResult().getMetadata().getFinishReason()).isEqualTo("STOP");
        assertThat(aggregated.get().getMetadata().getUsage().getTotalTokens()).isEqualTo(44);
    }

    @Test
    void streamedToolCallsArriveOnTheLastChunk() {
        this.engine.turn(Turn.of(30, Duration.ofMillis(10), Duration.ofMillis(10))
            .toolCall("call-7", "weather", Map.of("city", "Paris")));

        ChatResponse last = this.model.stream(new Prompt("Weather in Paris?")).blockLast();

        assertThat(last.getResult().getOutput().getToolCalls()).extracting(AssistantMessage.ToolCall::arguments)
            .containsExactly("{\"city\":\"Paris\"}");
        assertThat(last.getResult().getMetadata().getFinishReason()).isEqualTo("TOOL_CALLS");
    }

    @Test
    void disposingTheSubscriptionStopsGenerationWithinOneToken() throws InterruptedException {
        Semaphore tokenPermits = new Semaphore(0);
        String[] hundredTokens = new String[100];
        Arrays.fill(hundredTokens, "la");
        this.engine.gatedBy(tokenPermits)
            .turn(Turn.of(5, Duration.ZERO, Duration.ZERO).content(hundredTokens));
        BlockingQueue<ChatResponse> received = new LinkedBlockingQueue<>();

        Disposable subscription = this.model.stream(new Prompt("Sing")).subscribe(received::add);
        tokenPermits.release(3);
        for (int i = 0; i < 3; i++) {
            received.take();
        }
        subscription.dispose();
        tokenPermits.release(100);

        assertThat(this.engine.awaitFirstFinish()).isEqualTo(FinishReason.CANCELLED);
        assertThat(this.engine.tokensGenerated()).isBetween(3, 4);
    }

    @Test
    void closingTheModelStopsTheStreamsStillGenerating() throws InterruptedException {
        Semaphore tokenPermits = new Semaphore(0);
        this.engine.gatedBy(tokenPermits)
            .turn(Turn.of(5, Duration.ZERO, Duration.ZERO).content("one", "two", "three", "four"));
        BlockingQueue<ChatResponse> received = new LinkedBlockingQueue<>();
        this.model.stream(new Prompt("Count")).subscribe(received::add);
        tokenPermits.release();
        received.take();

        Thread closing = Thread.ofPlatform().start(this.model::close);
        // close() cancels the streams before it waits for the generation threads, which it does in a timed wait.
        while (closing.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }
        tokenPermits.release(4);
        closing.join();

        assertThat(this.engine.awaitFirstFinish()).isEqualTo(FinishReason.CANCELLED);
        assertThat(this.engine.tokensGenerated()).isBetween(1, 2);
    }

    @Test
    void engineFailuresReachTheCallerInCallAndStream() {
        NemotronChatModel failingModel = NemotronChatModel.builder().engine(new FailingEngine()).build();

        assertThatIllegalArgumentException().isThrownBy(() -> failingModel.call(new Prompt("Hi")))
            .withMessageContaining("5000 tokens");
        Flux<ChatResponse> stream = failingModel.stream(new Prompt("Hi"));
        assertThatIllegalArgumentException().isThrownBy(stream::blockLast).withMessageContaining("5000 tokens");
        failingModel.close();
    }

    private NemotronChatModel model(NemotronChatOptions options) {
        return NemotronChatModel.builder().engine(this.engine).options(options).build();
    }

    private static final class FailingEngine implements ChatEngine {

        @Override
        public ChatResult chat(ChatRequest request, ChatListener listener) {
            throw new IllegalArgumentException("The prompt has 5000 tokens; the context holds 4096");
        }

        @Override
        public String describe() {
            return "failing";
        }

        @Override
        public int contextLength() {
            return 4096;
        }

        @Override
        public void close() {
        }
    }
}
