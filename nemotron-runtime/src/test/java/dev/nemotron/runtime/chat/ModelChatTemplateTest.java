package dev.nemotron.runtime.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nemotron.runtime.generate.GenerationOptions;
import dev.nemotron.runtime.testing.SharedData;
import tools.jackson.databind.JsonNode;

/** Where a model's chat template is found (GGUF metadata, MLX / Hugging Face files) and how failures read. */
class ModelChatTemplateTest {

    private static final ChatRequest HELLO = new ChatRequest(List.of(ChatMessage.user("Hello! What is 2+2?")),
            List.of(), true, Map.of(), GenerationOptions.defaults());

    @TempDir
    Path dir;

    private static String expected(String name) throws IOException {
        return NemotronChatFormatTest.goldenCases().filter(c -> c.get("name").asString().equals(name))
                .map(c -> c.get("expected").asString()).findFirst().orElseThrow();
    }

    @Test
    void ggufTemplateRendersTheGoldenPrompt() throws IOException {
        ModelChatTemplate template = ModelChatTemplate.read(SharedData.goldenModel("tiny256-q8_0"));

        assertThat(template.render(HELLO)).isEqualTo(expected("single_user_thinking_default"));
        assertThat(template.origin()).endsWith("tiny256-q8_0.gguf tokenizer.chat_template");
    }

    @Test
    void mlxDirectoryTemplateComesFromTokenizerConfig() throws IOException {
        Path mlx = SharedData.golden("mlx/tiny256-mlx-4bit-g64");

        ModelChatTemplate template = ModelChatTemplate.read(mlx);

        assertThat(template.render(HELLO)).isEqualTo(expected("single_user_thinking_default"));
        assertThat(template.origin()).isEqualTo(mlx.resolve("tokenizer_config.json") + " chat_template");
    }

    @Test
    void chatTemplateJinjaWinsOverTokenizerConfig() throws IOException {
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"chat_template\": \"from config\"}");
        Files.writeString(dir.resolve("chat_template.jinja"), "from file {{ messages[0].content }}");

        assertThat(ModelChatTemplate.read(dir).render(HELLO)).isEqualTo("from file Hello! What is 2+2?");
    }

    @Test
    void aListOfNamedTemplatesUsesTheDefaultOne() throws IOException {
        Files.writeString(dir.resolve("tokenizer_config.json"), """
                {"chat_template": [{"name": "tool_use", "template": "tools"}, {"name": "default", "template": "chat"}]}
                """);

        assertThat(ModelChatTemplate.read(dir).render(HELLO)).isEqualTo("chat");
    }

    @Test
    void aDirectoryWithoutATemplateIsRejected() throws IOException {
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"eos_token\": \"<|im_end|>\"}");

        assertThatThrownBy(() -> ModelChatTemplate.read(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(dir.resolve("tokenizer_config.json") + " has no chat_template string (and "
                        + "chat_template.jinja is absent); the chat engine needs the model's own template");
        Files.delete(dir.resolve("tokenizer_config.json"));
        assertThatThrownBy(() -> ModelChatTemplate.read(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(dir + " has no chat template: neither chat_template.jinja nor tokenizer_config.json "
                        + "exists");
    }

    @Test
    void aTemplateThatDoesNotParseIsRejectedNamingItsOriginAndPosition() {
        assertThatThrownBy(() -> ModelChatTemplate.of("model.gguf tokenizer.chat_template", "{% if %}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("model.gguf tokenizer.chat_template: the chat template does not parse: "
                        + "TemplateSyntaxError").hasMessageContaining("line 1");
    }

    @Test
    void aTemplateErrorRaisedForARequestNamesTheTemplatesMessage() {
        ModelChatTemplate template = ModelChatTemplate.of("t.jinja",
                "{{ raise_exception('roles must alternate') }}");

        assertThatThrownBy(() -> template.render(HELLO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("t.jinja: TemplateError: roles must alternate");
    }

    @Test
    void withoutGenerationPromptTheAssistantTurnIsNotOpened() throws IOException {
        JsonNode golden = NemotronChatFormatTest.goldenCases()
                .filter(c -> c.get("name").asString().equals("system_user_no_generation_prompt")).findFirst()
                .orElseThrow();
        ModelChatTemplate template = ModelChatTemplate.read(SharedData.goldenModel("tiny-f32"));

        assertThat(template.render(NemotronChatFormatTest.requestFor(golden), false))
                .isEqualTo(golden.get("expected").asString());
    }
}
