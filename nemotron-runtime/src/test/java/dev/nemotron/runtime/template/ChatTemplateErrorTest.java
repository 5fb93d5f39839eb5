package dev.nemotron.runtime.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Malformed templates and runtime failures name the template line and column they happened at. */
class ChatTemplateErrorTest {

    private static TemplateException parseFailure(String template) {
        return catchThrowableOfType(TemplateException.class, () -> ChatTemplate.parse(template));
    }

    private static TemplateException renderFailure(String template) {
        return catchThrowableOfType(TemplateException.class, () -> ChatTemplate.parse(template).render(Map.of()));
    }

    @Test
    void unclosedForIsReportedAtTheEndOfTheTemplate() {
        TemplateException e = parseFailure("line1\n{% for x in y %}\n  {{ x }}");

        assertThat(e.kind()).isEqualTo("TemplateSyntaxError");
        assertThat(e.reason()).startsWith("Unexpected end of template.").contains("'endfor'");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo(10);
    }

    @Test
    void unknownTagIsReportedWhereItStands() {
        TemplateException e = parseFailure("ok\n  {% frobnicate %}");

        assertThat(e.reason()).isEqualTo("Encountered unknown tag 'frobnicate'.");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(6);
    }

    @Test
    void badExpressionIsReportedAtTheOffendingToken() {
        TemplateException e = parseFailure("a\nb {{ 1 + }}");

        assertThat(e.reason()).isEqualTo("unexpected 'end of print statement'");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(10);
    }

    @Test
    void unterminatedStringAndCommentAreSyntaxErrors() {
        assertThat(parseFailure("{{ 'abc }}").line()).isEqualTo(1);
        assertThat(parseFailure("x\n{# never closed").line()).isEqualTo(2);
        assertThat(parseFailure("{{ [1, 2) }}").column()).isEqualTo(9);
    }

    @Test
    void unknownFilterFailsAtParseTime() {
        TemplateException e = parseFailure("{{ x | nosuchfilter }}");

        assertThat(e.kind()).isEqualTo("TemplateAssertionError");
        assertThat(e.column()).isEqualTo(8);
    }

    @Test
    void runtimeErrorIsReportedAtTheInnermostExpression() {
        TemplateException e = renderFailure("a\n  {{ 'x' ~ (1 / 0) }}");

        assertThat(e.kind()).isEqualTo("ZeroDivisionError");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(15);
        assertThat(e.getMessage()).contains("line 2, column 15");
    }

    @Test
    void raiseExceptionCarriesTheTemplatesMessage() {
        TemplateException e = renderFailure("{% if true %}\n{{ raise_exception('Conversation roles must alternate') }}"
                + "\n{% endif %}");

        assertThat(e.kind()).isEqualTo("TemplateError");
        assertThat(e.reason()).isEqualTo("Conversation roles must alternate");
        assertThat(e.line()).isEqualTo(2);
    }

    @Test
    void undefinedErrorNamesWhatWasMissing() {
        TemplateException e = renderFailure("{{ message.content.strip() }}");

        assertThat(e.kind()).isEqualTo("UndefinedError");
        assertThat(e.reason()).isEqualTo("'message' is undefined");
    }

    @Test
    void positionsCountLinesOfTheOriginalSourceWithWindowsNewlines() {
        TemplateException e = renderFailure("a\r\nb\r\n{{ x + 1 }}");

        assertThat(e.line()).isEqualTo(3);
    }
}
