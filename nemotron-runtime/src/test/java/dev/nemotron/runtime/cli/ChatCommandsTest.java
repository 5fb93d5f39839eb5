package dev.nemotron.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.nemotron.runtime.chat.ChatListener;
import dev.nemotron.runtime.chat.ChatMessage;
import dev.nemotron.runtime.chat.ChatRequest;
import dev.nemotron.runtime.chat.ChatResult;
import dev.nemotron.runtime.chat.NemotronChatEngine;
import dev.nemotron.runtime.generate.GenerationOptions;
import dev.nemotron.runtime.model.LoadOptions;
import dev.nemotron.runtime.synthetic.Geometry;
import dev.nemotron.runtime.synthetic.SyntheticModel;
import dev.nemotron.runtime.synthetic.TensorTypes;
import dev.nemotron.runtime.testing.SharedData;
import dev.nemotron.runtime.weights.GgmlType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The {@code template} command and {@code generate --chat}, run in-process with captured streams. */
class ChatCommandsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    private static String model(String name) {
        return SharedData.goldenModel(name).toString();
    }

    static Stream<JsonNode> goldenCases() throws IOException {
        return JSON.readTree(Files.readString(SharedData.golden("chat-template.json"))).get("cases").valueStream();
    }

    private Path write(String name, Object json) throws IOException {
        return Files.writeString(dir.resolve(name), JSON.writeValueAsString(json));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenCases")
    void templatePrintsWhatTransformersRenders(JsonNode goldenCase) throws IOException {
        List<String> args = new ArrayList<>(List.of("template", "--model", model("tiny-f32"), "--messages",
                write("messages.json", goldenCase.get("messages")).toString()));
        if (!goldenCase.get("tools").isNull()) {
            args.addAll(List.of("--tools", write("tools.json", goldenCase.get("tools")).toString()));
        }
        if (!goldenCase.get("kwargs").isEmpty()) {
            args.addAll(List.of("--kwargs", JSON.writeValueAsString(goldenCase.get("kwargs"))));
        }
        if (!goldenCase.get("add_generation_prompt").asBoolean()) {
            args.add("--no-generation-prompt");
        }

        assertThat(run(args.toArray(String[]::new))).as(err.toString()).isZero();
        assertThat(out.toString()).isEqualTo(goldenCase.get("expected").asString());
    }

    @Test
    void noThinkClosesTheThinkBlockAsEnableThinkingFalseDoes() throws IOException {
        JsonNode golden = goldenCases().filter(c -> c.get("name").asString().equals("single_user_thinking_false"))
                .findFirst().orElseThrow();

        assertThat(run("template", "--model", model("tiny-f32"), "--messages",
                write("messages.json", golden.get("messages")).toString(), "--no-think")).isZero();
        assertThat(out.toString()).isEqualTo(golden.get("expected").asString()).endsWith("<think></think>");
    }

    @Test
    void templateOfAnMlxDirectoryComesFromItsTokenizerConfig() throws IOException {
        Path messages = write("messages.json", List.of(Map.of("role", "user", "content", "Hi")));

        assertThat(run("template", "--model", SharedData.golden("mlx/tiny256-mlx-4bit-g64").toString(),
                "--messages", messages.toString())).isZero();
        assertThat(out.toString()).isEqualTo(
                "<|im_start|>system\n<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n<think>\n");
    }

    @Test
    void templateOfAModelWithoutOneExitsWith2NamingTheKey() throws IOException {
        Path file = dir.resolve("bare.gguf");
        SyntheticModel.of(Geometry.tiny(), TensorTypes.uniform(GgmlType.F32), 3).write(file);
        Path messages = write("messages.json", List.of(Map.of("role", "user", "content", "Hi")));

        assertThat(run("template", "--model", file.toString(), "--messages", messages.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("nemotron: " + file + " has no chat template (metadata key "
                + "tokenizer.chat_template); the chat engine needs the model's own template");
    }

    @Test
    void templateWithoutMessagesExitsWith2() {
        assertThat(run("template", "--model", model("tiny-f32"))).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("nemotron: --messages is required");
    }

    @Test
    void generateChatPrintsTheReasoningUnderItsHeaderAndTheFinishReason() {
        ChatResult expected = chat(List.of(ChatMessage.user("Hello! What is 2+2?")), true, 12);

        assertThat(run("generate", "--chat", "--model", model("tiny-f32"), "--prompt", "Hello! What is 2+2?",
                "--temperature", "0", "--max-tokens", "12", "--kv-type", "f32", "--threads", "2")).isZero();
        assertThat(out.toString()).isEqualTo("[reasoning]\n" + expected.reasoning() + "\n");
        assertThat(err.toString()).contains("generated 12 tokens").contains("finish: LENGTH");
    }

    @Test
    void generateChatWithNoThinkPrintsOnlyTheAnswer() {
        ChatResult expected = chat(List.of(ChatMessage.user("Hello! What is 2+2?")), false, 12);

        assertThat(run("generate", "--chat", "--no-think", "--model", model("tiny-f32"), "--prompt",
                "Hello! What is 2+2?", "--temperature", "0", "--max-tokens", "12", "--kv-type", "f32", "--threads",
                "2")).isZero();
        assertThat(out.toString()).isEqualTo("[answer]\n" + expected.content() + "\n");
    }

    @Test
    void generateChatReadsAConversationFromMessages() throws IOException {
        List<ChatMessage> conversation = List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hi"));
        Path messages = write("messages.json", List.of(Map.of("role", "system", "content", "Be brief."),
                Map.of("role", "user", "content", "Hi")));
        ChatResult expected = chat(conversation, false, 8);

        assertThat(run("generate", "--chat", "--no-think", "--model", model("tiny-f32"), "--messages",
                messages.toString(), "--temperature", "0", "--max-tokens", "8", "--kv-type", "f32")).isZero();
        assertThat(out.toString()).isEqualTo("[answer]\n" + expected.content() + "\n");
    }

    @Test
    void chatOptionsWithoutChatExitWith2() {
        assertThat(run("generate", "--model", model("tiny-f32"), "--prompt", "Hi", "--no-think")).isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("nemotron: --messages, --tools, --no-think and --kwargs need --chat");
    }

    @Test
    void promptAndMessagesTogetherExitWith2() throws IOException {
        Path messages = write("messages.json", List.of(Map.of("role", "user", "content", "Hi")));

        assertThat(run("generate", "--chat", "--model", model("tiny-f32"), "--prompt", "Hi", "--messages",
                messages.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("nemotron: give --prompt or --messages, not both");
    }

    @Test
    void variantsAndPullAreCommandsOfTheCommandLine() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("template").contains("variants").contains("pull");
        out.getBuffer().setLength(0);

        assertThat(run("variants")).isZero();
        assertThat(out.toString()).startsWith("ID ");
    }

    private static ChatResult chat(List<ChatMessage> messages, boolean thinking, int maxTokens) {
        try (NemotronChatEngine engine = NemotronChatEngine.open(SharedData.goldenModel("tiny-f32"),
                LoadOptions.defaults().withThreads(2).withKvCodec("f32"))) {
            return engine.chat(new ChatRequest(messages, List.of(), thinking, Map.of(),
                    GenerationOptions.greedy(maxTokens)), ChatListener.none());
        }
    }
}
