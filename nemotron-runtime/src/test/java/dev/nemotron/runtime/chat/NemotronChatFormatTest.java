package dev.nemotron.runtime.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.nemotron.runtime.generate.GenerationOptions;
import dev.nemotron.runtime.testing.SharedData;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The template variables must be what transformers hands the template: compared with the inputs of the cases in
 * {@code golden/chat-template.json}, which Python jinja2 rendered through transformers' conventions.
 */
class NemotronChatFormatTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }

    static Stream<JsonNode> goldenCases() throws IOException {
        JsonNode root = JSON.readTree(Files.readString(SharedData.golden("chat-template.json")));
        return root.get("cases").valueStream();
    }

    /** The request a client would send for a golden case: thinking from the case's kwargs, the rest as kwargs. */
    static ChatRequest requestFor(JsonNode goldenCase) {
        Map<String, Object> kwargs = new LinkedHashMap<>(OpenAiChatJson.kwargs(goldenCase.get("kwargs").toString()));
        boolean thinking = !Boolean.FALSE.equals(kwargs.remove(NemotronChatFormat.ENABLE_THINKING));
        return new ChatRequest(OpenAiChatJson.messages(goldenCase.get("messages").toString()),
                OpenAiChatJson.tools(goldenCase.get("tools").toString()), thinking, kwargs,
                GenerationOptions.defaults());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenCases")
    void variablesEqualTheGoldenCaseInputs(JsonNode goldenCase) {
        Map<String, Object> variables = NemotronChatFormat.templateVariables(requestFor(goldenCase),
                goldenCase.get("add_generation_prompt").asBoolean());

        assertThat(tree(variables.get("messages")).equals(goldenCase.get("messages")))
                .as("messages %s", tree(variables.get("messages"))).isTrue();
        assertThat(tree(variables.get("tools")).equals(goldenCase.get("tools")))
                .as("tools %s", tree(variables.get("tools"))).isTrue();
        assertThat(variables.get("add_generation_prompt")).isEqualTo(goldenCase.get("add_generation_prompt")
                .asBoolean());
        goldenCase.get("kwargs").properties().forEach(kwarg -> assertThat(tree(variables.get(
                kwarg.getKey()))).isEqualTo(kwarg.getValue()));
    }

    @Test
    void transformersDefaultsAreSetExplicitly() {
        ChatRequest request = new ChatRequest(List.of(ChatMessage.user("Hi")), List.of(), true, Map.of(),
                GenerationOptions.defaults());

        Map<String, Object> variables = NemotronChatFormat.templateVariables(request);

        assertThat(variables).containsEntry("bos_token", "<s>").containsEntry("eos_token", "<|im_end|>")
                .containsEntry("unk_token", "<unk>").containsEntry("pad_token", "<unk>")
                .containsEntry("add_generation_prompt", true).containsEntry("enable_thinking", true)
                .containsEntry("truncate_history_thinking", true).containsEntry("tools", null)
                .containsEntry("documents", null);
    }

    @Test
    void recordsBuiltByHandGiveTheToolCallCaseOfTheGoldenFile() throws IOException {
        JsonNode goldenCase = goldenCases().filter(c -> c.get("name").asString()
                .equals("tools_system_toolcall_string_number")).findFirst().orElseThrow();
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("location", "Paris, France");
        arguments.put("unit", "celsius");
        arguments.put("days", 3);
        List<ChatMessage> messages = List.of(ChatMessage.system("You are a weather bot."),
                ChatMessage.user("Weather in Paris for 3 days, in celsius?"),
                ChatMessage.assistant("", null, List.of(new ToolCall("call_1", "get_weather", arguments))),
                ChatMessage.tool("{\"temp_c\": 18, \"sky\": \"cloudy\"}", "call_1", "get_weather"));

        List<Map<String, Object>> rendered = NemotronChatFormat.messages(messages);

        assertThat(tree(rendered).equals(goldenCase.get("messages"))).as("%s", rendered).isTrue();
    }

    @Test
    void reasoningContentIsHandedOverOnlyWhenTheMessageHasIt() {
        List<Map<String, Object>> rendered = NemotronChatFormat.messages(List.of(
                ChatMessage.assistant("Paris.", "The capital is Paris.", List.of()), ChatMessage.assistant("Hi")));

        assertThat(rendered.get(0)).containsEntry("reasoning_content", "The capital is Paris.");
        assertThat(rendered.get(1)).doesNotContainKey("reasoning_content").doesNotContainKey("tool_calls");
    }

    @Test
    void openAiArgumentsGivenAsJsonTextReachTheTemplateAsAnObject() {
        List<ChatMessage> messages = OpenAiChatJson.messages("""
                [{"role": "assistant", "content": null, "tool_calls": [{"type": "function",
                  "function": {"name": "f", "arguments": "{\\"x\\": [1, 2], \\"y\\": \\"z\\"}"}}]}]""");

        Map<String, Object> call = NemotronChatFormat.messages(messages).getFirst();

        assertThat(tree(call).toString()).isEqualTo(
                "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"type\":\"function\","
                        + "\"function\":{\"name\":\"f\",\"arguments\":{\"x\":[1,2],\"y\":\"z\"}}}]}");
    }

    @Test
    void toolWithoutDescriptionHasNoDescriptionKey() {
        List<Map<String, Object>> tools = NemotronChatFormat.tools(List.of(new ToolDefinition("f", "", Map.of())));

        assertThat(tree(tools).toString())
                .isEqualTo("[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{}}}]");
    }

    @Test
    void thinkingKwargThatContradictsTheRequestIsRejected() {
        ChatRequest request = new ChatRequest(List.of(ChatMessage.user("Hi")), List.of(), true,
                Map.of("enable_thinking", false), GenerationOptions.defaults());

        assertThatThrownBy(() -> NemotronChatFormat.templateVariables(request))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("enable_thinking");
    }

    @Test
    void kwargNamingAVariableOfTheFormatIsRejected() {
        ChatRequest request = new ChatRequest(List.of(ChatMessage.user("Hi")), List.of(), true,
                Map.of("messages", List.of()), GenerationOptions.defaults());

        assertThatThrownBy(() -> NemotronChatFormat.templateVariables(request))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'messages'");
    }

    @Test
    void argumentThatIsNoJsonDataIsRejectedWithItsPath() {
        ToolCall call = new ToolCall("c", "f", Map.of("when", new Object()));

        assertThatThrownBy(() -> NemotronChatFormat.messages(List.of(ChatMessage.assistant("", null, List.of(call)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("messages[0].tool_calls[0].function.arguments.when");
    }

    @Test
    void malformedMessagesJsonNamesTheKey() {
        assertThatThrownBy(() -> OpenAiChatJson.messages("[{\"content\": \"Hi\"}]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("messages[0].role is missing");
        assertThatThrownBy(() -> OpenAiChatJson.messages("[{\"role\": \"user\"}] x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("messages is not valid JSON");
    }

    @Test
    void generationStartsInReasoningWhenThePromptLeavesThinkOpen() {
        assertThat(NemotronChatFormat.generationStartsInReasoning("<|im_start|>assistant\n<think>\n")).isTrue();
        assertThat(NemotronChatFormat.generationStartsInReasoning("<|im_start|>assistant\n<think></think>"))
                .isFalse();
        assertThat(NemotronChatFormat.generationStartsInReasoning("<|im_start|>user\nHi<|im_end|>\n")).isFalse();
    }
}
