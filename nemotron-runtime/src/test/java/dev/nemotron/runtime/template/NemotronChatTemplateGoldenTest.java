package dev.nemotron.runtime.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.nemotron.runtime.gguf.GgufFile;
import dev.nemotron.runtime.testing.SharedData;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Nemotron-3-Nano template embedded in the golden GGUF renders every case of
 * {@code golden/chat-template.json} byte for byte as Python jinja2 3.1.6 did under transformers' settings.
 */
class NemotronChatTemplateGoldenTest {

    private static Map<String, Object> golden;
    private static String source;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        golden = JsonMapper.builder().build().readValue(SharedData.golden("chat-template.json"), Map.class);
        try (GgufFile file = GgufFile.open(SharedData.goldenModel("tiny-f32"))) {
            source = file.metadata().getString("tokenizer.chat_template");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void templateInTheGgufIsTheOneTheGoldenCasesWereRenderedFrom() throws NoSuchAlgorithmException {
        Map<String, Object> template = (Map<String, Object>) golden.get("template");
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));

        assertThat(HexFormat.of().formatHex(digest)).isEqualTo(template.get("sha256"));
    }

    @SuppressWarnings("unchecked")
    static Stream<Arguments> cases() throws IOException {
        load();
        return ((List<Map<String, Object>>) golden.get("cases")).stream()
                .map(c -> Arguments.of(c.get("name"), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void rendersLikeTransformers(String name, Map<String, Object> goldenCase) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("messages", goldenCase.get("messages"));
        variables.put("tools", goldenCase.get("tools"));
        variables.put("documents", null);
        variables.put("add_generation_prompt", goldenCase.get("add_generation_prompt"));
        variables.put("bos_token", "<s>");
        variables.put("eos_token", "<|im_end|>");
        variables.put("unk_token", "<unk>");
        variables.put("pad_token", "<unk>");
        variables.putAll((Map<String, Object>) goldenCase.get("kwargs"));

        String rendered = ChatTemplate.parse(source).render(variables);

        assertThat(rendered).isEqualTo(goldenCase.get("expected"));
    }
}
