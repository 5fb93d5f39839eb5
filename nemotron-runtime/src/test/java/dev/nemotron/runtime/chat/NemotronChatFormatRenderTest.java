package dev.nemotron.runtime.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.nemotron.runtime.generate.GenerationOptions;
import dev.nemotron.runtime.template.ChatTemplate;
import dev.nemotron.runtime.testing.SharedData;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chat format and the template interpreter together: requests rendered through the model's own template
 * give the prompts Python jinja2 gave under transformers, and a parsed completion handed back as history renders
 * as the text the model wrote.
 */
class NemotronChatFormatRenderTest {

    private static String source;
    private static ChatTemplate template;

    @BeforeAll
    static void loadTemplate() throws IOException {
        JsonNode config = JsonMapper.builder().build().readTree(
                Files.readString(SharedData.golden("mlx/tiny256-mlx-4bit-g64/tokenizer_config.json")));
        source = config.get("chat_template").asString();
        template = ChatTemplate.parse(source);
    }

    static Stream<JsonNode> goldenCases() throws IOException {
        return NemotronChatFormatTest.goldenCases();
    }

    @Test
    void templateIsTheOneTheGoldenCasesWereRenderedFrom() throws IOException, NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
        JsonNode golden = JsonMapper.builder().build().readTree(
                Files.readString(SharedData.golden("chat-template.json")));

        assertThat(HexFormat.of().formatHex(digest)).isEqualTo(golden.get("template").get("sha256").asString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenCases")
    void requestRendersByteIdenticalToTransformers(JsonNode goldenCase) {
        Map<String, Object> variables = NemotronChatFormat.templateVariables(
                NemotronChatFormatTest.requestFor(goldenCase), goldenCase.get("add_generation_prompt").asBoolean());

        assertThat(template.render(variables)).isEqualTo(goldenCase.get("expected").asString());
    }

    @Test
    void parsedToolCallTurnRendersBackAsTheTextTheModelWrote() {
        String completion = "I'm\nthinking\n</think>\n" + NemotronOutputParserTest.SINGLE_CALL
                + "\n<tool_call>\n<function=python>\n<parameter=code>\ndef hello():\n    print(\"Hello, world!\")\n"
                + "\nhello()\n</parameter>\n</function>\n</tool_call>";
        assertRoundTrip(completion, NemotronOutputParserTest.TOOLS, completion + "\n<|im_end|>\n");
    }

    @Test
    void parsedAnswerTurnRendersBackAsTheTextTheModelWrote() {
        assertRoundTrip("Two and two.\n</think>\nFour.", List.of(), "Two and two.\n</think>\nFour.<|im_end|>\n");
    }

    /** Parses {@code completion}, adds it to the history and checks the turn renders as {@code expectedTurn}. */
    private static void assertRoundTrip(String completion, List<ToolDefinition> tools, String expectedTurn) {
        List<ChatMessage> question = List.of(ChatMessage.user("Go."));
        ChatRequest request = new ChatRequest(question, tools, true, Map.of(), GenerationOptions.defaults());
        String prompt = template.render(NemotronChatFormat.templateVariables(request));
        NemotronOutputParser parser = NemotronChatFormat.outputParser(request, prompt, ChatListener.none());
        parser.accept(completion);
        ParsedOutput output = parser.finish();

        ChatMessage answer = ChatMessage.assistant(output.content(), output.reasoning(), output.toolCalls());
        ChatRequest history = new ChatRequest(List.of(question.getFirst(), answer), tools, true, Map.of(),
                GenerationOptions.defaults());

        assertThat(template.render(NemotronChatFormat.templateVariables(history, false)))
                .isEqualTo(prompt + expectedTurn);
    }
}
