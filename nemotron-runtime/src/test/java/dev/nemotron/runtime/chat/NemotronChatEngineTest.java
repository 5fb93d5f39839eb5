package dev.nemotron.runtime.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.nemotron.runtime.generate.GenerationOptions;
import dev.nemotron.runtime.generate.GenerationResult;
import dev.nemotron.runtime.generate.Generator;
import dev.nemotron.runtime.model.LoadOptions;
import dev.nemotron.runtime.model.NemotronModel;
import dev.nemotron.runtime.synthetic.Geometry;
import dev.nemotron.runtime.synthetic.SyntheticModel;
import dev.nemotron.runtime.synthetic.TensorTypes;
import dev.nemotron.runtime.testing.SharedData;
import dev.nemotron.runtime.tokenizer.Tokenizer;
import dev.nemotron.runtime.weights.GgmlType;
import tools.jackson.databind.JsonNode;

/**
 * The chat engine on the golden random-weight models, which embed the real Nemotron 3 template: prompts are the
 * template's renderings (checked against Python jinja2's), generation is greedy and so deterministic, and the
 * numbers the engine reports are checked against the tokenizer and the generation loop run on their own.
 */
class NemotronChatEngineTest {

    private static final LoadOptions LOAD = LoadOptions.defaults().withThreads(2).withKvCodec("f32");

    private static NemotronChatEngine engine;
    private static Tokenizer tokenizer;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() {
        engine = NemotronChatEngine.open(SharedData.goldenModel("tiny-f32"), LOAD);
        try (NemotronModel model = NemotronModel.load(SharedData.goldenModel("tiny-f32"), LOAD)) {
            tokenizer = model.tokenizer();
        }
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static JsonNode golden(String name) throws IOException {
        return NemotronChatFormatTest.goldenCases().filter(c -> c.get("name").asString().equals(name)).findFirst()
                .orElseThrow();
    }

    private static ChatRequest withOptions(ChatRequest request, GenerationOptions options) {
        return new ChatRequest(request.messages(), request.tools(), request.thinking(), request.templateKwargs(),
                options);
    }

    private static ChatRequest user(String text, boolean thinking, GenerationOptions options) {
        return new ChatRequest(List.of(ChatMessage.user(text)), List.of(), thinking, Map.of(), options);
    }

    @ParameterizedTest
    @ValueSource(strings = {"single_user_thinking_default", "tools_no_system_user",
        "tools_parallel_calls_object_array_args_thinking_off"})
    void chatPromptIsTheTemplatesRenderingAndItsTokensAreCounted(String goldenCase) throws IOException {
        JsonNode golden = golden(goldenCase);
        ChatRequest request = withOptions(NemotronChatFormatTest.requestFor(golden), GenerationOptions.greedy(8));
        String expectedPrompt = golden.get("expected").asString();

        ChatResult result = engine.chat(request, ChatListener.none());

        assertThat(engine.template().render(request)).isEqualTo(expectedPrompt);
        assertThat(result.usage().promptTokens()).isEqualTo(tokenizer.encode(expectedPrompt, true, true).length);
        assertThat(result.usage().cachedPromptTokens()).isZero();
        assertThat(result.usage().completionTokens()).isEqualTo(8);
        assertThat(result.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void toolDefinitionsAreRenderedIntoThePrompt() throws IOException {
        ChatRequest request = withOptions(NemotronChatFormatTest.requestFor(golden("tools_no_system_user")),
                GenerationOptions.greedy(4));

        assertThat(engine.template().render(request)).contains("# Tools\n\nYou have access to the following "
                + "functions:\n\n<tools>\n<function>\n<name>get_weather</name>");
    }

    @Test
    void greedyChatIsDeterministicAndIsTheGenerationLoopsOutputParsed() {
        ChatRequest request = user("Hello! What is 2+2?", true, GenerationOptions.greedy(64));
        Recorder first = new Recorder();

        ChatResult one = engine.chat(request, first);
        ChatResult two = engine.chat(request, new Recorder());

        GenerationResult direct = generateDirectly(engine.template().render(request), GenerationOptions.greedy(64));
        assertThat(two).usingRecursiveComparison().ignoringFields("usage.promptDuration", "usage.generationDuration")
                .isEqualTo(one);
        assertThat(one.usage().completionTokens()).isEqualTo(direct.tokens().length);
        assertThat(one.reasoning()).isEqualTo(direct.text().strip());
        assertThat(first.reasoning.toString()).isEqualTo(one.reasoning());
        assertThat(one.content()).isEmpty();
    }

    @Test
    void thinkingOnLeavesTheThinkBlockOpenAndThinkingOffClosesIt() {
        String on = engine.template().render(user("Hi", true, GenerationOptions.greedy(4)));
        String off = engine.template().render(user("Hi", false, GenerationOptions.greedy(4)));

        assertThat(on).endsWith("<|im_start|>assistant\n<think>\n");
        assertThat(off).endsWith("<|im_start|>assistant\n<think></think>");
    }

    @Test
    void withThinkingOffTheWholeOutputIsTheAnswer() {
        ChatRequest request = user("Hello! What is 2+2?", false, GenerationOptions.greedy(16));
        Recorder recorder = new Recorder();

        ChatResult result = engine.chat(request, recorder);

        GenerationResult direct = generateDirectly(engine.template().render(request), GenerationOptions.greedy(16));
        assertThat(result.reasoning()).isEmpty();
        assertThat(recorder.reasoning).isEmpty();
        assertThat(result.content()).isEqualTo(direct.text().strip()).isEqualTo(recorder.content.toString());
    }

    @Test
    void theEndOfGenerationTokenEndsTheTurnWithStopAndIsCounted() {
        ChatRequest request = user("Hello! What is 2+2?", true, GenerationOptions.greedy(200));

        ChatResult result = engine.chat(request, ChatListener.none());

        GenerationResult direct = generateDirectly(engine.template().render(request), GenerationOptions.greedy(200));
        assertThat(direct.tokens()).hasSizeLessThan(200);
        assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(result.usage().completionTokens()).isEqualTo(direct.tokens().length);
        assertThat(result.reasoning()).doesNotContain("<|im_end|>");
    }

    @Test
    void theTokenLimitEndsWithLength() {
        ChatResult result = engine.chat(user("Hello!", false, GenerationOptions.greedy(3)), ChatListener.none());

        assertThat(result.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(result.usage().completionTokens()).isEqualTo(3);
    }

    @Test
    void cancellationIsPolledOncePerTokenAndStopsAtOnce() {
        Recorder recorder = new Recorder();
        recorder.cancelAfterPolls = 5;

        ChatResult result = engine.chat(user("Hello! What is 2+2?", false, GenerationOptions.greedy(50)), recorder);

        assertThat(result.finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(result.usage().completionTokens()).isEqualTo(5);
        assertThat(recorder.polls).isEqualTo(5);
    }

    @Test
    void aStopSequenceCutsTheAnswerBeforeIt() {
        ChatRequest unstopped = user("Hello! What is 2+2?", false, GenerationOptions.greedy(40));
        String full = engine.chat(unstopped, ChatListener.none()).content();
        String stop = full.substring(10, 14);
        GenerationOptions stopping = new GenerationOptions(0.0, null, null, null, 40, List.of(stop), null, null,
                null, null);
        Recorder recorder = new Recorder();

        ChatResult result = engine.chat(withOptions(unstopped, stopping), recorder);

        assertThat(result.content()).isEqualTo(full.substring(0, full.indexOf(stop)));
        assertThat(recorder.content.toString()).isEqualTo(result.content());
        assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(result.usage().completionTokens()).isLessThan(40);
    }

    @Test
    void aPromptLongerThanTheContextIsRejectedWithBothCounts() {
        String longText = "the quick brown fox ".repeat(40);
        int promptTokens;
        try (NemotronChatEngine small = NemotronChatEngine.open(SharedData.goldenModel("tiny-f32"),
                LOAD.withContextLength(64))) {
            ChatRequest request = user(longText, true, GenerationOptions.greedy(4));
            promptTokens = tokenizer.encode(small.template().render(request), true, true).length;
            Recorder recorder = new Recorder();

            assertThatThrownBy(() -> small.chat(request, recorder)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the prompt has %d tokens but the context holds 64, leaving no room for the answer",
                            promptTokens);
            assertThat(recorder.polls).isZero();
            assertThat(small.contextLength()).isEqualTo(64);
        }
        assertThat(promptTokens).isGreaterThan(64);
    }

    @Test
    void concurrentChatsEachGetTheResultOfARunOnItsOwn() throws Exception {
        ChatRequest think = user("Hello! What is 2+2?", true, GenerationOptions.greedy(24));
        ChatRequest answer = user("Name three colours.", false, GenerationOptions.greedy(24));
        ChatResult thinkAlone = engine.chat(think, ChatListener.none());
        ChatResult answerAlone = engine.chat(answer, ChatListener.none());

        List<Callable<ChatResult>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(() -> engine.chat(think, ChatListener.none()));
            calls.add(() -> engine.chat(answer, ChatListener.none()));
        }
        List<ChatResult> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (Future<ChatResult> future : pool.invokeAll(calls)) {
                results.add(future.get());
            }
        }

        for (int i = 0; i < results.size(); i++) {
            ChatResult expected = i % 2 == 0 ? thinkAlone : answerAlone;
            assertThat(results.get(i).content()).isEqualTo(expected.content());
            assertThat(results.get(i).reasoning()).isEqualTo(expected.reasoning());
        }
    }

    @Test
    void markupTokensReachTheParserAsTextAndOtherControlTokensDoNot() {
        LoadOptions load = LOAD;
        try (NemotronChatEngine dense = NemotronChatEngine.open(SharedData.goldenModel("tiny-dense-f32"), load);
                NemotronModel model = NemotronModel.load(SharedData.goldenModel("tiny-dense-f32"), load)) {
            ChatRequest request = user("Hello! What is 2+2?", true, GenerationOptions.greedy(40));
            int[] generated = new Generator(model, model.vocabulary()).generate(
                    model.tokenizer().encode(dense.template().render(request), true, true),
                    GenerationOptions.greedy(40), text -> { }).tokens();
            int thinkClose = model.vocabulary().id("</think>");
            int at = Arrays.stream(generated).boxed().toList().indexOf(thinkClose);
            Tokenizer plain = model.tokenizer();

            ChatResult result = dense.chat(request, ChatListener.none());

            assertThat(at).isPositive();
            assertThat(result.reasoning())
                    .isEqualTo(plain.decode(Arrays.copyOfRange(generated, 0, at), false).strip());
            assertThat(result.content()).isEqualTo(plain.decode(Arrays.copyOfRange(generated, at + 1,
                    generated.length), true).strip()).contains("</think>");
        }
    }

    @Test
    void aModelWithoutAChatTemplateIsRejectedNamingTheKey() throws IOException {
        Path file = dir.resolve("no-template.gguf");
        SyntheticModel.of(Geometry.tiny(), TensorTypes.uniform(GgmlType.F32), 7).write(file);

        assertThatThrownBy(() -> NemotronChatEngine.open(file, LOAD)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + " has no chat template (metadata key tokenizer.chat_template); the chat engine "
                        + "needs the model's own template");
    }

    @Test
    void aClosedEngineRejectsRequests() {
        NemotronChatEngine closed = NemotronChatEngine.open(SharedData.goldenModel("tiny-f32"), LOAD);
        closed.close();
        closed.close();

        assertThatThrownBy(() -> closed.chat(user("Hi", true, GenerationOptions.greedy(2)), ChatListener.none()))
                .isInstanceOf(IllegalStateException.class).hasMessage("the chat engine is closed");
    }

    @Test
    void describeNamesArchitectureParametersWeightsCodecAndContext() {
        assertThat(engine.describe()).isEqualTo(
                "tiny-f32.gguf: nemotron_h_moe MEM*EME, 293,664 parameters, weights {F32=56}, KV codec f32, "
                        + "context 4096");
    }

    /** The generation loop alone on the tokenized prompt, without the chat layer. */
    private static GenerationResult generateDirectly(String prompt, GenerationOptions options) {
        try (NemotronModel model = NemotronModel.load(SharedData.goldenModel("tiny-f32"), LOAD)) {
            return new Generator(model, model.vocabulary()).generate(model.tokenizer().encode(prompt, true, true),
                    options, text -> { });
        }
    }

    /** Collects what the engine streams and cancels after a number of polls. */
    static final class Recorder implements ChatListener {
        final StringBuilder reasoning = new StringBuilder();
        final StringBuilder content = new StringBuilder();
        final List<ToolCall> toolCalls = new ArrayList<>();
        int polls;
        int cancelAfterPolls = Integer.MAX_VALUE;

        @Override
        public void onReasoning(String delta) {
            reasoning.append(delta);
        }

        @Override
        public void onContent(String delta) {
            content.append(delta);
        }

        @Override
        public void onToolCall(ToolCall call) {
            toolCalls.add(call);
        }

        @Override
        public boolean isCancelled() {
            return ++polls >= cancelAfterPolls;
        }
    }
}
