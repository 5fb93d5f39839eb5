package dev.nemotron.runtime.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Nemotron 3 output parser. The first group repeats the Nemotron-3 Nano cases of llama.cpp's
 * {@code tests/test-chat.cpp} (same inputs, same expected messages); the others pin down streaming, typing by
 * schema and what happens to malformed markup.
 */
class NemotronOutputParserTest {

    /** llama.cpp's {@code special_function_tool}: one required integer. */
    static final ToolDefinition SPECIAL_FUNCTION = new ToolDefinition("special_function", "I'm special",
            schema(Map.of("arg1", Map.of("type", "integer", "description", "The arg.")), "arg1"));
    /** llama.cpp's {@code special_function_tool_with_optional_param}. */
    static final ToolDefinition SPECIAL_FUNCTION_WITH_OPT = new ToolDefinition("special_function_with_opt",
            "I'm special but have optional stuff", schema(Map.of(
                    "arg1", Map.of("type", "integer", "description", "The arg."),
                    "arg2", Map.of("type", "integer", "description", "The optional arg.")), "arg1"));
    /** llama.cpp's {@code python_tool}: one string. */
    static final ToolDefinition PYTHON = new ToolDefinition("python", "an ipython interpreter",
            schema(Map.of("code", Map.of("type", "string", "description", "Python code to execute.")), "code"));

    static final List<ToolDefinition> TOOLS = List.of(SPECIAL_FUNCTION, SPECIAL_FUNCTION_WITH_OPT, PYTHON);

    static final String SINGLE_CALL = "<tool_call>\n<function=special_function>\n<parameter=arg1>\n1\n"
            + "</parameter>\n</function>\n</tool_call>";

    private static Map<String, Object> schema(Map<String, Object> properties, String required) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", new LinkedHashMap<>(properties));
        schema.put("required", List.of(required));
        return schema;
    }

    /** Everything a listener saw, and the parser's result. */
    record Run(ParsedOutput output, String reasoningDeltas, String contentDeltas, List<ToolCall> listenedCalls,
            List<String> eventKinds) {
    }

    static final class Recorder implements ChatListener {
        final StringBuilder reasoning = new StringBuilder();
        final StringBuilder content = new StringBuilder();
        final List<ToolCall> calls = new ArrayList<>();
        final List<String> kinds = new ArrayList<>();

        @Override
        public void onReasoning(String delta) {
            assertThat(delta).isNotEmpty();
            reasoning.append(delta);
            kind("reasoning");
        }

        @Override
        public void onContent(String delta) {
            assertThat(delta).isNotEmpty();
            content.append(delta);
            kind("content");
        }

        @Override
        public void onToolCall(ToolCall call) {
            calls.add(call);
            kinds.add("tool call " + call.name());
        }

        private void kind(String kind) {
            if (kinds.isEmpty() || !kinds.getLast().equals(kind)) {
                kinds.add(kind);
            }
        }
    }

    static Supplier<String> sequentialIds() {
        int[] next = {0};
        return () -> "call_" + next[0]++;
    }

    static Run run(List<String> pieces, boolean startsInReasoning, List<ToolDefinition> tools) {
        Recorder recorder = new Recorder();
        NemotronOutputParser parser = new NemotronOutputParser(tools, startsInReasoning, recorder, sequentialIds());
        pieces.forEach(parser::accept);
        ParsedOutput output = parser.finish();
        return new Run(output, recorder.reasoning.toString(), recorder.content.toString(), recorder.calls,
                recorder.kinds);
    }

    static ParsedOutput parse(String text, boolean startsInReasoning, List<ToolDefinition> tools) {
        return run(List.of(text), startsInReasoning, tools).output();
    }

    static ToolCall call(String id, String name, Object... keysAndValues) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            arguments.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return new ToolCall(id, name, arguments);
    }

    @Nested
    class LlamaCppNemotronCases {

        @Test
        void contentOnlyWithThinkingOff() {
            assertThat(parse("Hello, world!\nWhat's up?", false, List.of()))
                    .isEqualTo(new ParsedOutput("Hello, world!\nWhat's up?", "", List.of()));
        }

        @Test
        void reasoningIsExtractedWhenThePromptOpenedTheThinkBlock() {
            assertThat(parse("I'm\nthinking\n</think>\nHello, world!\nWhat's up?", true, List.of()))
                    .isEqualTo(new ParsedOutput("Hello, world!\nWhat's up?", "I'm\nthinking", List.of()));
        }

        @Test
        void singleToolCall() {
            assertThat(parse(SINGLE_CALL, false, TOOLS))
                    .isEqualTo(new ParsedOutput("", "", List.of(call("call_0", "special_function", "arg1", 1))));
        }

        @Test
        void toolCallAfterReasoning() {
            assertThat(parse("I'm\nthinking\n</think>\n" + SINGLE_CALL, true, TOOLS)).isEqualTo(new ParsedOutput(
                    "", "I'm\nthinking", List.of(call("call_0", "special_function", "arg1", 1))));
        }

        @Test
        void twoParallelToolCalls() {
            String text = SINGLE_CALL + "\n<tool_call>\n<function=special_function_with_opt>\n"
                    + "<parameter=arg1>\n1\n</parameter>\n<parameter=arg2>\n2\n</parameter>\n</function>\n</tool_call>";

            assertThat(parse(text, false, TOOLS).toolCalls()).containsExactly(
                    call("call_0", "special_function", "arg1", 1),
                    call("call_1", "special_function_with_opt", "arg1", 1, "arg2", 2));
        }

        @Test
        void multiLineStringArgumentIsKeptVerbatim() {
            String text = "<tool_call>\n<function=python>\n<parameter=code>\ndef hello():\n"
                    + "    print(\"Hello, world!\")\n\nhello()\n</parameter>\n</function>\n</tool_call>";

            assertThat(parse(text, false, TOOLS).toolCalls()).containsExactly(
                    call("call_0", "python", "code", "def hello():\n    print(\"Hello, world!\")\n\nhello()"));
        }

        @Test
        void jsonAnswerAfterReasoning() {
            String text = "I need to output the invoice details in JSON\n</think>\n"
                    + "{\"amount\": 123.45, \"date\": \"2025-12-03\"}";

            assertThat(parse(text, true, List.of())).isEqualTo(new ParsedOutput(
                    "{\"amount\": 123.45, \"date\": \"2025-12-03\"}", "I need to output the invoice details in JSON",
                    List.of()));
        }
    }

    static Stream<Arguments> streamedTexts() {
        return Stream.of(
                Arguments.of("reasoning and answer", "I'm\nthinking\n</think>\nHello, world!\nWhat's up?", true),
                Arguments.of("reasoning, answer, two calls", "\nLet me look.\n\n</think>\n\nChecking both.\n"
                        + SINGLE_CALL + "\n<tool_call>\n<function=python>\n<parameter=code>\nx = 1 < 2\n"
                        + "print('</parameter')\n</parameter>\n</function>\n</tool_call>\n", true),
                Arguments.of("answer with look-alike markup", "a < b, x<y, <tool, <tool_call, <function=x> "
                        + "and </think> </tool_call> <<tool_call>\n<function=python>\n<parameter=code>\n"
                        + "1\n</function>\n</tool_call>", false),
                Arguments.of("unterminated think", "I'm thinking about </thi", true),
                Arguments.of("unterminated call", "Sure.\n<tool_call>\n<function=special_function>\n"
                        + "<parameter=arg1>\n1", false),
                Arguments.of("malformed call then real call", "<tool_call>\n<tool_call>\n"
                        + "<function=special_function>\n<parameter=arg1>\n7\n</parameter>\n</function>\n</tool_call>",
                        false),
                Arguments.of("emoji and accents", "Réponse 🌍 <b>ok</b> 你好\n", false));
    }

    @Nested
    class Streaming {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.nemotron.runtime.chat.NemotronOutputParserTest#streamedTexts")
        void splittingTheTextAtAnyIndexGivesTheUnsplitResult(String name, String text, boolean startsInReasoning) {
            Run whole = run(List.of(text), startsInReasoning, TOOLS);

            for (int i = 0; i <= text.length(); i++) {
                Run split = run(List.of(text.substring(0, i), text.substring(i)), startsInReasoning, TOOLS);
                assertThat(split).as("split at %d", i).isEqualTo(whole);
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.nemotron.runtime.chat.NemotronOutputParserTest#streamedTexts")
        void feedingCharacterByCharacterGivesTheUnsplitResult(String name, String text, boolean startsInReasoning) {
            List<String> chars = text.codePoints().mapToObj(Character::toString).toList();

            assertThat(run(chars, startsInReasoning, TOOLS)).isEqualTo(run(List.of(text), startsInReasoning, TOOLS));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.nemotron.runtime.chat.NemotronOutputParserTest#streamedTexts")
        void listenerSeesExactlyTheResult(String name, String text, boolean startsInReasoning) {
            List<String> chars = text.codePoints().mapToObj(Character::toString).toList();

            Run run = run(chars, startsInReasoning, TOOLS);

            assertThat(run.reasoningDeltas()).isEqualTo(run.output().reasoning());
            assertThat(run.contentDeltas()).isEqualTo(run.output().content());
            assertThat(run.listenedCalls()).isEqualTo(run.output().toolCalls());
        }

        @Test
        void eventsComeInTheOrderOfTheText() {
            Run run = run(List.of("\nLet me look.\n</think>\nChecking.\n" + SINGLE_CALL), true, TOOLS);

            assertThat(run.eventKinds()).containsExactly("reasoning", "content", "tool call special_function");
        }

        @Test
        void plainTextIsPassedOnAtOnce() {
            Recorder recorder = new Recorder();
            NemotronOutputParser parser = new NemotronOutputParser(TOOLS, true, recorder, sequentialIds());

            parser.accept("I'm");
            assertThat(recorder.reasoning).hasToString("I'm");
            parser.accept(" thinking\n</think>\nHello");
            assertThat(recorder.content).hasToString("Hello");
        }

        @Test
        void possibleMarkupIsHeldBackOnlyUntilItCannotBeMarkup() {
            Recorder recorder = new Recorder();
            NemotronOutputParser parser = new NemotronOutputParser(TOOLS, false, recorder, sequentialIds());

            parser.accept("a <tool");
            assertThat(recorder.content).hasToString("a");
            parser.accept("s> b");
            assertThat(recorder.content).hasToString("a <tools> b");
        }

        @Test
        void trailingWhitespaceWaitsForMoreText() {
            Recorder recorder = new Recorder();
            NemotronOutputParser parser = new NemotronOutputParser(List.of(), false, recorder, sequentialIds());

            parser.accept("Line one.\n");
            assertThat(recorder.content).hasToString("Line one.");
            parser.accept("Line two.");
            assertThat(recorder.content).hasToString("Line one.\nLine two.");
        }

        @Test
        void surrogatePairSplitAcrossTokensIsPassedOnWhole() {
            List<String> deltas = new ArrayList<>();
            NemotronOutputParser parser = new NemotronOutputParser(List.of(), false, new ChatListener() {
                @Override
                public void onContent(String delta) {
                    deltas.add(delta);
                }
            }, sequentialIds());

            parser.accept("ok \uD83C");
            parser.accept("\uDF0D!");
            parser.finish();

            assertThat(deltas).containsExactly("ok ", "\uD83C\uDF0D!");
        }
    }

    @Nested
    class Thinking {

        @Test
        void thinkingOffTakesEverythingAsTheAnswer() {
            assertThat(parse("I'm\nthinking\n</think>\nHello", false, List.of()))
                    .isEqualTo(new ParsedOutput("I'm\nthinking\n</think>\nHello", "", List.of()));
        }

        @Test
        void newlinesAroundTheReasoningAndTheAnswerAreTrimmed() {
            assertThat(parse("\n\nStep 1.\n\nStep 2.\n\n</think>\n\nAnswer.\n", true, List.of()))
                    .isEqualTo(new ParsedOutput("Answer.", "Step 1.\n\nStep 2.", List.of()));
        }

        @Test
        void whitespaceOnlyReasoningIsEmpty() {
            assertThat(parse("\n</think>\nHi", true, List.of())).isEqualTo(new ParsedOutput("Hi", "", List.of()));
        }

        @Test
        void promptWithOpenThinkStartsTheParserInTheReasoning() {
            ChatRequest request = new ChatRequest(List.of(ChatMessage.user("Hi")), List.of(), true, Map.of(),
                    dev.nemotron.runtime.generate.GenerationOptions.defaults());
            Recorder recorder = new Recorder();
            NemotronOutputParser parser = NemotronChatFormat.outputParser(request,
                    "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n<think>\n", recorder);

            parser.accept("Hmm.\n</think>\nHello!");

            assertThat(parser.finish().reasoning()).isEqualTo("Hmm.");
            assertThat(recorder.content).hasToString("Hello!");
        }

        @Test
        void requestWithThinkingOffNeverYieldsReasoning() {
            ChatRequest request = new ChatRequest(List.of(ChatMessage.user("Hi")), List.of(), false, Map.of(),
                    dev.nemotron.runtime.generate.GenerationOptions.defaults());
            NemotronOutputParser parser = NemotronChatFormat.outputParser(request,
                    "<|im_start|>user\nWhat is <think>?<|im_end|>\n", ChatListener.none());

            parser.accept("A tag.\n</think>\nThat is all.");

            assertThat(parser.finish()).isEqualTo(new ParsedOutput("A tag.\n</think>\nThat is all.", "", List.of()));
        }
    }

    @Nested
    class ArgumentTypes {

        static final ToolDefinition TYPED = new ToolDefinition("typed", "", Map.of("type", "object",
                "$defs", Map.of("Unit", Map.of("enum", List.of("c", "f"))),
                "properties", Map.of(
                        "text", Map.of("type", "string"),
                        "count", Map.of("type", "integer"),
                        "ratio", Map.of("type", "number"),
                        "flag", Map.of("type", "boolean"),
                        "filter", Map.of("type", "object"),
                        "tags", Map.of("type", "array", "items", Map.of("type", "string")),
                        "maybe", Map.of("type", List.of("string", "null")),
                        "unit", Map.of("$ref", "#/$defs/Unit"),
                        "either", Map.of("anyOf", List.of(Map.of("type", "string"), Map.of("type", "integer"))))));

        static Object argument(String parameter, String written) {
            String text = "<tool_call>\n<function=typed>\n<parameter=" + parameter + ">\n" + written
                    + "\n</parameter>\n</function>\n</tool_call>";
            return parse(text, false, List.of(TYPED)).toolCalls().getFirst().arguments().get(parameter);
        }

        @Test
        void stringTypedValuesAreVerbatimEvenWhenTheyLookLikeJson() {
            assertThat(argument("text", "42")).isEqualTo("42");
            assertThat(argument("text", "  {\"a\": 1}\n  indented")).isEqualTo("  {\"a\": 1}\n  indented");
            assertThat(argument("maybe", "true")).isEqualTo("true");
            assertThat(argument("unit", "c")).isEqualTo("c");
        }

        @Test
        void numbersBooleansObjectsAndArraysAreParsedAsJson() {
            assertThat(argument("count", "3")).isEqualTo(3);
            assertThat(argument("ratio", "0.25")).isEqualTo(0.25);
            assertThat(argument("flag", "false")).isEqualTo(false);
            assertThat(argument("filter", "{\"status\": \"open\", \"tags\": [\"ui\"]}"))
                    .isEqualTo(Map.of("status", "open", "tags", List.of("ui")));
            assertThat(argument("tags", "[\"ui\", \"regression\"]")).isEqualTo(List.of("ui", "regression"));
        }

        @Test
        void textThatIsNoJsonStaysAString() {
            assertThat(argument("count", "three")).isEqualTo("three");
            assertThat(argument("filter", "{\"status\": ")).isEqualTo("{\"status\": ");
            assertThat(argument("either", "abc")).isEqualTo("abc");
            assertThat(argument("either", "12")).isEqualTo(12);
        }

        @Test
        void parametersAndToolsOutsideTheSchemaAreReadAsJsonOrText() {
            assertThat(argument("unknown", "[1, 2]")).isEqualTo(List.of(1, 2));
            assertThat(argument("unknown", "hello")).isEqualTo("hello");
        }

        @Test
        void argumentsKeepTheOrderTheModelWroteThem() {
            String text = "<tool_call>\n<function=typed>\n<parameter=flag>\ntrue\n</parameter>\n"
                    + "<parameter=count>\n1\n</parameter>\n<parameter=text>\nx\n</parameter>\n"
                    + "</function>\n</tool_call>";

            assertThat(parse(text, false, List.of(TYPED)).toolCalls().getFirst().arguments().keySet())
                    .containsExactly("flag", "count", "text");
        }
    }

    @Nested
    class ToolCallShapes {

        @Test
        void missingFinalParameterCloseIsTolerated() {
            String text = "<tool_call>\n<function=special_function>\n<parameter=arg1>\n1\n</function>\n</tool_call>";

            assertThat(parse(text, false, TOOLS).toolCalls())
                    .containsExactly(call("call_0", "special_function", "arg1", 1));
        }

        @Test
        void missingParameterCloseBeforeTheNextParameterIsTolerated() {
            String text = "<tool_call>\n<function=special_function_with_opt>\n<parameter=arg1>\n1\n"
                    + "<parameter=arg2>\n2\n</parameter>\n</function>\n</tool_call>";

            assertThat(parse(text, false, TOOLS).toolCalls())
                    .containsExactly(call("call_0", "special_function_with_opt", "arg1", 1, "arg2", 2));
        }

        @Test
        void singleLineParametersAreRead() {
            String text = "<tool_call><function=special_function><parameter=arg1>5</parameter></function></tool_call>";

            assertThat(parse(text, false, TOOLS).toolCalls())
                    .containsExactly(call("call_0", "special_function", "arg1", 5));
        }

        @Test
        void callWithoutArgumentsHasAnEmptyArgumentObject() {
            String text = "<tool_call>\n<function=special_function>\n</function>\n</tool_call>";

            assertThat(parse(text, false, TOOLS).toolCalls()).containsExactly(call("call_0", "special_function"));
        }

        @Test
        void answerBeforeTheCallIsTrimmedAndKept() {
            assertThat(parse("Let me check.\n\n" + SINGLE_CALL, false, TOOLS)).isEqualTo(new ParsedOutput(
                    "Let me check.", "", List.of(call("call_0", "special_function", "arg1", 1))));
        }

        @Test
        void withoutOfferedToolsCallMarkupIsAnswerText() {
            assertThat(parse(SINGLE_CALL, false, List.of())).isEqualTo(new ParsedOutput(SINGLE_CALL, "", List.of()));
        }

        @Test
        void seededRandomIdsRepeatAndLookLikeOpenAiIds() {
            Supplier<String> first = NemotronOutputParser.randomToolCallIds(new SplittableRandom(7));
            Supplier<String> second = NemotronOutputParser.randomToolCallIds(new SplittableRandom(7));

            String id = first.get();

            assertThat(id).matches("call_[A-Za-z0-9]{24}").isEqualTo(second.get());
            assertThat(first.get()).isNotEqualTo(id);
        }
    }

    @Nested
    class MalformedMarkup {

        @Test
        void unterminatedThinkKeepsItsTextAsReasoning() {
            assertThat(parse("I'm thinking about </thi", true, TOOLS))
                    .isEqualTo(new ParsedOutput("", "I'm thinking about </thi", List.of()));
        }

        @Test
        void unterminatedToolCallComesBackAsText() {
            String text = "Sure.\n<tool_call>";

            assertThat(parse(text, false, TOOLS)).isEqualTo(new ParsedOutput(text, "", List.of()));
        }

        @Test
        void unterminatedFunctionComesBackAsText() {
            String text = "<tool_call>\n<function=special_function>\n<parameter=arg1>\n1\n</parameter>\n";

            assertThat(parse(text, false, TOOLS)).isEqualTo(new ParsedOutput(text.strip(), "", List.of()));
        }

        @Test
        void unterminatedParameterComesBackAsText() {
            String text = "<tool_call>\n<function=python>\n<parameter=code>\nprint(1)";

            assertThat(parse(text, false, TOOLS)).isEqualTo(new ParsedOutput(text, "", List.of()));
        }

        @Test
        void callClosedWithoutItsFunctionCloseComesBackAsText() {
            String text = "<tool_call>\n<function=special_function>\n<parameter=arg1>\n1\n</parameter>\n</tool_call>";

            assertThat(parse(text, false, TOOLS)).isEqualTo(new ParsedOutput(text, "", List.of()));
        }

        @Test
        void proseInsideToolCallTagsComesBackAsText() {
            String text = "Use <tool_call>like this</tool_call> to call.";

            assertThat(parse(text, false, TOOLS)).isEqualTo(new ParsedOutput(text, "", List.of()));
        }

        @Test
        void wellFormedCallAfterAMalformedOneIsStillFound() {
            String text = "<tool_call>\noops\n" + SINGLE_CALL;

            assertThat(parse(text, false, TOOLS)).isEqualTo(new ParsedOutput("<tool_call>\noops", "",
                    List.of(call("call_0", "special_function", "arg1", 1))));
        }

        @Test
        void answerWithLessThanSignsIsUnchanged() {
            String text = "If a < b and b <= c then a < c; <tool or <function=x> or <parameter=y> stay.\n"
                    + "Also </function>, </tool_call> and <tool_call";

            assertThat(parse(text, false, TOOLS)).isEqualTo(new ParsedOutput(text, "", List.of()));
        }

        @Test
        void acceptingAfterFinishIsRejected() {
            NemotronOutputParser parser = new NemotronOutputParser(TOOLS, false, ChatListener.none());
            parser.finish();

            assertThatThrownBy(() -> parser.accept("x")).isInstanceOf(IllegalStateException.class);
        }
    }
}
