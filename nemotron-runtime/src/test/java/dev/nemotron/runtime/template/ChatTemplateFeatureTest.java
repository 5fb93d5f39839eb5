package dev.nemotron.runtime.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.json.JsonMapper;

/**
 * One small template per feature, each rendered here and by Python jinja2 3.1.6 configured as transformers
 * configures it. {@code template/cases.json} holds the cases; {@code template/expected.json} holds jinja2's
 * output or the Python exception it raised, written by {@code template/render_cases.py}. A case jinja2 fails
 * must fail here too, with a {@link TemplateException} of the same kind and message.
 */
class ChatTemplateFeatureTest {

    /** The time render_cases.py gives {@code strftime_now}. */
    private static final Clock FIXED = Clock.fixed(LocalDateTime.of(2024, 7, 26, 13, 5, 9)
            .toInstant(ZoneOffset.UTC), ZoneOffset.UTC);

    @SuppressWarnings("unchecked")
    static Stream<Arguments> cases() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        List<Map<String, Object>> cases = json.readValue(resource("cases.json"), List.class);
        Map<String, Map<String, String>> expected = (Map<String, Map<String, String>>) json
                .readValue(resource("expected.json"), Map.class).get("cases");
        return cases.stream().map(c -> Arguments.of(c.get("name"), c.get("template"),
                c.getOrDefault("variables", Map.of()), expected.get((String) c.get("name"))));
    }

    private static InputStream resource(String name) {
        InputStream in = ChatTemplateFeatureTest.class.getResourceAsStream("/template/" + name);
        if (in == null) {
            throw new IllegalStateException("test resource template/" + name + " is missing");
        }
        return in;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersAsJinja2(String name, String template, Map<String, Object> variables, Map<String, String> expected) {
        assertThat(expected).as("expected.json has case %s; rerun render_cases.py", name).isNotNull();

        if (expected.containsKey("output")) {
            assertThat(render(template, variables)).isEqualTo(expected.get("output"));
        } else {
            TemplateException error = catchThrowableOfType(TemplateException.class, () -> render(template, variables));

            assertThat(error).as("jinja2 raised %s: %s", expected.get("error"), expected.get("message")).isNotNull();
            assertThat(error.kind()).as(error.getMessage()).isEqualTo(expected.get("error"));
            assertThat(error.reason()).isEqualTo(expected.get("message"));
            assertThat(error.line()).as(error.getMessage()).isPositive();
        }
    }

    private static String render(String template, Map<String, Object> variables) {
        return ChatTemplate.parse(template).withClock(FIXED).render(variables);
    }
}
