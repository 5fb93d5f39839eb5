package dev.nemotron.runtime.reliability;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.nemotron.runtime.template.ChatTemplate;
import dev.nemotron.runtime.template.TemplateException;
import dev.nemotron.runtime.template.TemplateLimits;

/**
 * Coverage-guided fuzzing of the chat-template interpreter: any source text, parsed and rendered under small
 * sandbox limits with a chat's usual variables, either renders or fails with a {@link TemplateException}.
 * Anything else (a Java exception, a stack overflow, a render that never ends) is a finding.
 */
class ChatTemplateFuzzTest {

    /** Small enough that a looping template ends in milliseconds, large enough for the Nemotron template. */
    static final TemplateLimits LIMITS = new TemplateLimits(200_000, 200_000, 20, 1_000);

    static final Map<String, Object> VARIABLES = Map.of(
            "messages", List.of(Map.of("role", "system", "content", "Be brief."),
                    Map.of("role", "user", "content", "What is 2+2?"),
                    Map.of("role", "assistant", "content", "4", "reasoning_content", "easy")),
            "tools", List.of(Map.of("type", "function", "function", Map.of("name", "add",
                    "parameters", Map.of("type", "object", "properties", Map.of("a", Map.of("type", "integer")))))),
            "add_generation_prompt", true,
            "bos_token", "<s>",
            "eos_token", "</s>");

    @FuzzTest(maxDuration = "30s")
    void renderFailsOnlyWithTemplateException(byte[] input) {
        String source = new String(input, StandardCharsets.UTF_8);
        try {
            ChatTemplate.parse(source, LIMITS).render(VARIABLES);
        } catch (TemplateException expected) {
            // the only way a template may fail
        }
    }
}
