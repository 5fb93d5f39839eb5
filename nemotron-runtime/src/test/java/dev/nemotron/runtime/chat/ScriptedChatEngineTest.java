package dev.nemotron.runtime.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.nemotron.runtime.chat.NemotronChatEngineTest.Recorder;
import dev.nemotron.runtime.generate.GenerationOptions;
import dev.nemotron.runtime.generate.GenerationResult;
import dev.nemotron.runtime.generate.StopReason;
import dev.nemotron.runtime.gguf.GgufFile;
import dev.nemotron.runtime.testing.SharedData;
import dev.nemotron.runtime.tokenizer.Tokenizer;
import dev.nemotron.runtime.tokenizer.Vocabulary;

/**
 * What the engine makes of the model's output, with the output scripted as a Nemotron model writes it (random
 * weights write nothing parseable): reasoning and answer, tool calls, stop sequences on the answer only, and the
 * finish reasons. The prompt side is the golden model's real template and tokenizer.
 */
class ScriptedChatEngineTest {

    private static final ToolDefinition WEATHER = new ToolDefinition("get_weather", "Current weather",
            Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string"),
                    "days", Map.of("type", "integer")), "required", List.of("city")));

    private static ModelChatTemplate template;
    private static Tokenizer tokenizer;

    @BeforeAll
    static void readModel() {
        try (GgufFile file = GgufFile.open(SharedData.goldenModel("tiny-f32"))) {
            template = ModelChatTemplate.fromGguf(file.metadata());
            tokenizer = new Tokenizer(Vocabulary.fromGgufMetadata(file.metadata()::plain));
        }
    }

    /**
     * Hands out one scripted piece of text per token and then ends the turn with an end-of-generation token, in
     * the order the generation loop works: emit, check the token limit, poll for cancellation.
     */
    static final class ScriptedTokens implements TokenSource {
        private final List<String> pieces;
        int calls;
        int emitted;
        GenerationOptions options;

        ScriptedTokens(String... pieces) {
            this.pieces = List.of(pieces);
        }

        @Override
        public GenerationResult generate(int[] prompt, GenerationOptions given, Consumer<String> text,
                BooleanSupplier cancelled) {
            calls++;
            options = given;
            int limit = given.maxTokens() != null ? given.maxTokens() : Integer.MAX_VALUE;
            for (String piece : pieces) {
                text.accept(piece);
                emitted++;
                if (emitted == limit) {
                    return result(prompt, emitted, StopReason.TOKEN_LIMIT);
                }
                if (cancelled.getAsBoolean()) {
                    return result(prompt, emitted, StopReason.CANCELLED);
                }
            }
            return result(prompt, emitted + 1, StopReason.END_OF_GENERATION);
        }

        private static GenerationResult result(int[] prompt, int tokens, StopReason reason) {
            return new GenerationResult(new int[tokens], "", reason, prompt.length, 2_000_000, 6_000_000);
        }
    }

    private static NemotronChatEngine engine(TokenSource tokens) {
        return new NemotronChatEngine(template, tokenizer, 4096, "scripted", tokens, () -> { });
    }

    private static ChatRequest request(boolean thinking, List<ToolDefinition> tools, GenerationOptions options) {
        return new ChatRequest(List.of(ChatMessage.user("What is the weather in Paris?")), tools, thinking,
                Map.of(), options);
    }

    private static GenerationOptions stops(String... stops) {
        return new GenerationOptions(null, null, null, null, null, List.of(stops), null, null, null, null);
    }

    @Test
    void reasoningAndAnswerAreSeparatedAndTheTurnEndsWithStop() {
        ScriptedTokens tokens = new ScriptedTokens("The user", " asks.", "\n", "</think>", "\n", "It is", " sunny.");
        Recorder recorder = new Recorder();

        ChatResult result = engine(tokens).chat(request(true, List.of(), GenerationOptions.defaults()), recorder);

        assertThat(result.reasoning()).isEqualTo("The user asks.");
        assertThat(result.content()).isEqualTo("It is sunny.");
        assertThat(recorder.reasoning.toString()).isEqualTo(result.reasoning());
        assertThat(recorder.content.toString()).isEqualTo(result.content());
        assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(result.toolCalls()).isEmpty();
    }

    @Test
    void usageHasThePromptsTokensTheGeneratedTokensAndTheLoopsTimings() {
        ChatRequest request = request(true, List.of(), GenerationOptions.defaults());

        ChatResult result = engine(new ScriptedTokens("a", "b", "c")).chat(request, ChatListener.none());

        assertThat(result.usage()).isEqualTo(new ChatUsage(
                tokenizer.encode(template.render(request), true, true).length, 0, 4,
                java.time.Duration.ofMillis(2), java.time.Duration.ofMillis(6)));
    }

    @Test
    void aToolCallEndsTheTurnWithToolCallsAndTypedArguments() {
        ScriptedTokens tokens = new ScriptedTokens("Let me check.", "\n", "</think>", "\n", "<tool_call>",
                "\n<function=get_weather>\n<parameter=city>\nParis\n</parameter>\n<parameter=days>\n3\n</parameter>\n",
                "</function>\n", "</tool_call>");
        Recorder recorder = new Recorder();

        ChatResult result = engine(tokens).chat(request(true, List.of(WEATHER), GenerationOptions.defaults()),
                recorder);

        assertThat(result.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(result.toolCalls()).singleElement().satisfies(call -> {
            assertThat(call.name()).isEqualTo("get_weather");
            assertThat(call.arguments()).containsExactly(Map.entry("city", "Paris"), Map.entry("days", 3));
            assertThat(call.id()).startsWith("call_");
        });
        assertThat(recorder.toolCalls).isEqualTo(result.toolCalls());
        assertThat(result.reasoning()).isEqualTo("Let me check.");
        assertThat(result.content()).isEmpty();
    }

    @Test
    void withThinkingOffTheOutputIsTheAnswer() {
        ChatResult result = engine(new ScriptedTokens("Sunny", " and warm."))
                .chat(request(false, List.of(), GenerationOptions.defaults()), ChatListener.none());

        assertThat(result.reasoning()).isEmpty();
        assertThat(result.content()).isEqualTo("Sunny and warm.");
    }

    @Test
    void aStopSequenceInTheAnswerEndsGenerationWithinOneToken() {
        ScriptedTokens tokens = new ScriptedTokens("Thinking.", "</think>", "Sunny", " today", ". END", " more",
                " text");
        Recorder recorder = new Recorder();

        ChatResult result = engine(tokens).chat(request(true, List.of(), stops("END")), recorder);

        assertThat(result.content()).isEqualTo("Sunny today. ");
        assertThat(recorder.content.toString()).isEqualTo(result.content());
        assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(tokens.emitted).isEqualTo(5);
        assertThat(tokens.options.stopSequences()).isEmpty();
    }

    @Test
    void aStopSequenceInTheReasoningDoesNotEndGeneration() {
        ScriptedTokens tokens = new ScriptedTokens("Say END", " later.", "</think>", "Fine.");

        ChatResult result = engine(tokens).chat(request(true, List.of(), stops("END")), ChatListener.none());

        assertThat(result.reasoning()).isEqualTo("Say END later.");
        assertThat(result.content()).isEqualTo("Fine.");
        assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void textHeldBackAsAPossibleStopIsReleasedWhenTheTurnEnds() {
        ChatResult result = engine(new ScriptedTokens("Almost EN"))
                .chat(request(false, List.of(), stops("END")), ChatListener.none());

        assertThat(result.content()).isEqualTo("Almost EN");
        assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void theTokenLimitEndsWithLengthEvenAfterAToolCall() {
        ScriptedTokens tokens = new ScriptedTokens("<tool_call>\n<function=get_weather>\n<parameter=city>\nParis\n"
                + "</parameter>\n</function>\n</tool_call>", "\nmore", " and more");
        GenerationOptions two = new GenerationOptions(null, null, null, null, 2, List.of(), null, null, null, null);

        ChatResult result = engine(tokens).chat(request(false, List.of(WEATHER), two), ChatListener.none());

        assertThat(result.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(result.toolCalls()).hasSize(1);
        assertThat(result.content()).isEqualTo("more");
    }

    @Test
    void cancellationEndsWithCancelled() {
        Recorder recorder = new Recorder();
        recorder.cancelAfterPolls = 2;
        ScriptedTokens tokens = new ScriptedTokens("one", " two", " three", " four");

        ChatResult result = engine(tokens).chat(request(false, List.of(), GenerationOptions.defaults()), recorder);

        assertThat(result.finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(result.content()).isEqualTo("one two");
        assertThat(tokens.emitted).isEqualTo(2);
    }

    @Test
    void unsetSamplingOptionsTakeNvidiasRecommendationForChatAndForToolCalling() {
        ScriptedTokens chat = new ScriptedTokens("x");
        ScriptedTokens tools = new ScriptedTokens("x");

        engine(chat).chat(request(true, List.of(), GenerationOptions.defaults()), ChatListener.none());
        engine(tools).chat(request(true, List.of(WEATHER), GenerationOptions.defaults()), ChatListener.none());

        assertThat(chat.options).isEqualTo(new GenerationOptions(1.0, 1.0, 0, 0.0, null, List.of(), null, null,
                null, null));
        assertThat(tools.options).isEqualTo(new GenerationOptions(0.6, 0.95, 0, 0.0, null, List.of(), null, null,
                null, null));
    }

    @Test
    void givenSamplingOptionsAreUsedAsGiven() {
        ScriptedTokens tokens = new ScriptedTokens("x");
        GenerationOptions given = new GenerationOptions(0.3, 0.5, 7, 0.1, 9, List.of("S"), 42L, 1.1, 0.2, 0.3);

        engine(tokens).chat(request(true, List.of(WEATHER), given), ChatListener.none());

        assertThat(tokens.options).isEqualTo(new GenerationOptions(0.3, 0.5, 7, 0.1, 9, List.of(), 42L, 1.1, 0.2,
                0.3));
    }

    @Test
    void badOptionsAreRejectedBeforeAnyToken() {
        ScriptedTokens tokens = new ScriptedTokens("x");
        GenerationOptions zero = new GenerationOptions(null, null, null, null, 0, List.of(), null, null, null, null);

        assertThatThrownBy(() -> engine(tokens).chat(request(true, List.of(), zero), ChatListener.none()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxTokens must be at least 1, got 0");
        assertThatThrownBy(() -> engine(tokens).chat(request(true, List.of(), stops("ok", "")), ChatListener.none()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("stop sequence 1 is empty");
        assertThat(tokens.calls).isZero();
    }

    @Test
    void aPromptThatFillsTheContextIsRejectedBeforeAnyToken() {
        ScriptedTokens tokens = new ScriptedTokens("x");
        ChatRequest request = request(true, List.of(), GenerationOptions.defaults());
        int promptTokens = tokenizer.encode(template.render(request), true, true).length;
        NemotronChatEngine exact = new NemotronChatEngine(template, tokenizer, promptTokens, "scripted", tokens,
                () -> { });
        NemotronChatEngine roomForOne = new NemotronChatEngine(template, tokenizer, promptTokens + 1, "scripted",
                tokens, () -> { });

        assertThatThrownBy(() -> exact.chat(request, ChatListener.none()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the prompt has " + promptTokens + " tokens but the context holds "
                        + promptTokens);
        assertThat(tokens.calls).isZero();
        assertThat(roomForOne.chat(request, ChatListener.none()).content()).isEmpty();
        assertThat(tokens.calls).isOne();
    }

    @Test
    void closingFreesTheModelOnce() {
        List<String> closes = new ArrayList<>();
        NemotronChatEngine engine = new NemotronChatEngine(template, tokenizer, 4096, "scripted",
                new ScriptedTokens(), () -> closes.add("closed"));

        engine.close();
        engine.close();

        assertThat(closes).containsExactly("closed");
    }
}
