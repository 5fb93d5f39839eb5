package dev.nemotron.runtime.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * The sandbox: templates that would run, recurse or grow without end stop with a {@code LimitExceeded}
 * {@link TemplateException}, and templates see only plain data.
 */
class ChatTemplateSandboxTest {

    private static TemplateException failure(String template, TemplateLimits limits) {
        return catchThrowableOfType(TemplateException.class,
                () -> ChatTemplate.parse(template, limits).render(Map.of()));
    }

    private static TemplateException failure(String template) {
        return failure(template, TemplateLimits.DEFAULT);
    }

    @Test
    void macroThatCallsItselfForeverStopsAtTheCallDepthLimit() {
        TemplateException e = failure("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}");

        assertThat(e.kind()).isEqualTo("LimitExceeded");
        assertThat(e.reason()).contains("maxCallDepth");
        assertThat(e.line()).isEqualTo(1);
    }

    @Test
    void recursionDeeperThanTheStackIsAnErrorNotACrash() {
        TemplateLimits unlimitedDepth = new TemplateLimits(10_000_000, 100_000_000, Integer.MAX_VALUE, 100_000);

        TemplateException e = failure("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", unlimitedDepth);

        assertThat(e.kind()).isEqualTo("LimitExceeded");
    }

    @Test
    void recursiveLoopWithoutEndStopsAtTheCallDepthLimit() {
        Map<String, Object> node = Map.of("children", List.of());
        List<Object> tree = new ArrayList<>(List.of(node));

        TemplateException e = catchThrowableOfType(TemplateException.class, () -> ChatTemplate
                .parse("{% for n in tree recursive %}{{ loop(tree) }}{% endfor %}").render(Map.of("tree", tree)));

        assertThat(e.kind()).isEqualTo("LimitExceeded");
    }

    @Test
    void nestedHugeLoopsStopAtTheStepLimit() {
        TemplateException e = failure("{% for a in range(100000) %}{% for b in range(100000) %}"
                + "{% for c in range(100000) %}{% endfor %}{% endfor %}{% endfor %}");

        assertThat(e.kind()).isEqualTo("LimitExceeded");
        assertThat(e.reason()).contains("maxSteps");
    }

    @Test
    void stepLimitIsConfigurable() {
        TemplateLimits few = new TemplateLimits(1_000, 50, 10, 100);

        assertThat(failure("{% for i in range(100) %}{{ i }}{% endfor %}", few).kind()).isEqualTo("LimitExceeded");
        assertThat(ChatTemplate.parse("{{ 1 + 1 }}", few).render(Map.of())).isEqualTo("2");
    }

    @Test
    void rangeLongerThanTheSandboxAllowsIsRefusedAsByJinja2() {
        TemplateException e = failure("{{ range(10 ** 12) | length }}");

        assertThat(e.kind()).isEqualTo("OverflowError");
        assertThat(e.reason()).isEqualTo("Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000).");
    }

    @Test
    void outputBeyondTheLimitStops() {
        TemplateException e = failure("{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}");

        assertThat(e.kind()).isEqualTo("LimitExceeded");
        assertThat(e.reason()).contains("maxOutputChars");
    }

    @Test
    void hugeStringsAndListsAreRefusedBeforeTheyAreBuilt() {
        assertThat(failure("{% set s = 'x' * 10 ** 15 %}").kind()).isEqualTo("LimitExceeded");
        assertThat(failure("{% set l = [0] * 10 ** 15 %}").kind()).isEqualTo("LimitExceeded");
        assertThat(failure("{% set s = ('x' * 1000000) | replace('x', 'yyyyyyyyyyyyyyyyyyyy') %}").kind())
                .isEqualTo("LimitExceeded");
    }

    @Test
    void capturedOutputCountsTowardsTheLimit() {
        TemplateLimits small = new TemplateLimits(100, 1_000_000, 10, 1_000);

        TemplateException e = failure("{% set s %}{% for i in range(500) %}x{% endfor %}{% endset %}", small);

        assertThat(e.kind()).isEqualTo("LimitExceeded");
    }

    @Test
    void deeplyNestedExpressionIsASyntaxErrorNotAStackOverflow() {
        String deep = "{{ " + "(".repeat(5000) + "1" + ")".repeat(5000) + " }}";
        String negations = "{{ " + "-".repeat(5000) + "1 }}";

        assertThatThrownBy(() -> ChatTemplate.parse(deep)).isInstanceOf(TemplateException.class)
                .extracting(e -> ((TemplateException) e).kind()).isEqualTo("TemplateSyntaxError");
        assertThatThrownBy(() -> ChatTemplate.parse(negations)).isInstanceOf(TemplateException.class);
    }

    @Test
    void operatorChainTooLongForTheStackIsAnErrorNotACrash() {
        String chain = "{{ 0" + " + 1".repeat(300_000) + " }}";

        TemplateException e = catchThrowableOfType(TemplateException.class,
                () -> ChatTemplate.parse(chain).render(Map.of()));

        assertThat(e.kind()).isEqualTo("LimitExceeded");
    }

    @Test
    void operatorChainOfOrdinaryLengthRenders() {
        assertThat(ChatTemplate.parse("{{ 0" + " + 1".repeat(1000) + " }}").render(Map.of())).isEqualTo("1000");
    }

    @Test
    void mutatingMethodsAreRefusedAsByTheImmutableSandbox() {
        TemplateException e = catchThrowableOfType(TemplateException.class,
                () -> ChatTemplate.parse("{{ messages.append({'role': 'user'}) }}")
                        .render(Map.of("messages", new ArrayList<>())));

        assertThat(e.kind()).isEqualTo("SecurityError");
        assertThat(e.reason()).isEqualTo("access to attribute 'append' of 'list' object is unsafe.");
    }

    @Test
    void javaObjectsAreNotTemplateData() {
        ChatTemplate template = ChatTemplate.parse("{{ x }}");

        assertThatThrownBy(() -> template.render(Map.of("x", new Object()))).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("template variable x");
        assertThatThrownBy(() -> template.render(Map.of("x", List.of(Map.of("k", Optional.empty())))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x[0]['k']");
        assertThatThrownBy(() -> template.render(Map.of("x", Thread.currentThread())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void javaNumbersCollectionsAndArraysBecomePythonValues() {
        ChatTemplate template = ChatTemplate.parse(
                "{{ i + 1 }} {{ f }} {{ i is integer }} {{ f is float }} {{ arr }} {{ set | length }} {{ c }}");

        String rendered = template.render(Map.of("i", 41, "f", 0.5f, "arr", new Object[] {1, "a", null},
                "set", java.util.Set.of(1, 2), "c", 'z'));

        assertThat(rendered).isEqualTo("42 0.5 True True [1, 'a', None] 2 z");
    }

    @Test
    void templatesCannotChangeTheCallersData() {
        List<Object> messages = new ArrayList<>(List.of(Map.of("role", "user")));

        ChatTemplate.parse("{% set messages = [] %}{% set ns = namespace(m=messages) %}{{ messages }}")
                .render(Map.of("messages", messages));

        assertThat(messages).hasSize(1);
    }
}
