package dev.nemotron.runtime.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.nemotron.runtime.chat.ChatMessage;
import dev.nemotron.runtime.chat.ChatRequest;
import dev.nemotron.runtime.chat.ModelChatTemplate;
import dev.nemotron.runtime.chat.NemotronChatFormat;
import dev.nemotron.runtime.generate.GenerationOptions;
import dev.nemotron.runtime.model.LoadOptions;
import dev.nemotron.runtime.model.NemotronModel;
import dev.nemotron.runtime.synthetic.Geometry;
import dev.nemotron.runtime.synthetic.SyntheticModel;
import dev.nemotron.runtime.synthetic.TensorTypes;
import dev.nemotron.runtime.template.ChatTemplate;
import dev.nemotron.runtime.template.TemplateException;
import dev.nemotron.runtime.weights.GgmlType;

/**
 * A chat template is code shipped inside a model file. Whatever it says, it reaches no Java object, reflection,
 * file or environment variable, and its render ends within the sandbox limits with a {@link TemplateException}.
 * Tested through the public API only ({@link ChatTemplate#parse} and {@link ChatTemplate#render}).
 */
class TemplateSandboxTest {

    @TempDir
    Path dir;

    /** Python sandbox escapes and Java-flavoured probes: each renders as nothing harmful or fails typed. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{{ ''.__class__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ messages.__class__.__base__ }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ lipsum.__globals__['os'].environ }}",
        "{{ joiner.__init__.__globals__ }}",
        "{{ namespace.__init__.__globals__ }}",
        "{{ raise_exception.__code__ }}",
        "{{ range.__self__ }}",
        "{{ self.__dict__ }}",
        "{{ config.items() }}",
        "{{ request.environ }}",
        "{{ ''.getClass().forName('java.lang.Runtime').getRuntime().exec('id') }}",
        "{{ messages.getClass() }}",
        "{{ messages.class.classLoader }}",
        "{{ messages[0].getClass().getProtectionDomain() }}",
        "{{ ''.getBytes() }}",
        "{{ 'x'.hashCode() }}",
        "{{ messages|attr('__class__') }}",
        "{{ messages|attr('getClass')() }}",
        "{% import 'os' as os %}{{ os.environ }}",
        "{% include '/etc/passwd' %}",
        "{% from '/etc/hostname' import x %}",
        "{% extends '/etc/passwd' %}",
        "{{ env }}{{ environ }}{{ os }}{{ System }}{{ java }}{{ Runtime }}{{ __builtins__ }}",
    })
    void hostileTemplateReachesNoJavaObjectFileOrEnvironment(String source) {
        String rendered = renderOrFailTyped(source, NemotronChatFormat.templateVariables(request()));
        assertThat(rendered).doesNotContain("java.", "class ", "Class", "@", "root:", "PATH", "/usr", "uid=")
                .doesNotContain(System.getenv().getOrDefault("HOME", "\u0000home"));
    }

    /** Only plain data enters a render: a Java object handed over as a variable is refused before any template runs. */
    @Test
    void aJavaObjectPassedAsVariableIsRefusedBeforeTheTemplateRuns() throws IOException {
        Path victim = Files.writeString(dir.resolve("victim.txt"), "keep me");
        ChatTemplate template = ChatTemplate.parse("{{ file.delete() }}{{ path.toFile().delete() }}");
        assertThatThrownBy(() -> template.render(Map.of("file", victim.toFile(), "path", victim)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("templates accept only String, Number, Boolean, null, List and Map values");
        Map<String, Object> message = Map.of("content", Thread.currentThread());
        assertThatThrownBy(() -> template.render(Map.of("messages", List.of(message))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(victim).hasContent("keep me");
    }

    /**
     * Each template would run, recurse or grow without end: the default limits stop it with LimitExceeded (or,
     * for a range too long to make, jinja2's OverflowError).
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "{% for i in range(100000) %}{% for j in range(100000) %}{{ j }}{% endfor %}{% endfor %}",
        "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
        "{{ 'x' * 1000000000 }}",
        "{{ 'x' * 3000000 ~ 'y' * 3000000 ~ 'z' * 3000000 ~ 'w' * 3000000 }}",
        "{% set s = namespace(v='ab') %}{% for i in range(64) %}{% set s.v = s.v ~ s.v %}{% endfor %}{{ s.v|length }}",
        "{% set l = namespace(v=[1]) %}{% for i in range(64) %}{% set l.v = l.v + l.v %}{% endfor %}",
        "{{ range(1000000000)|list|length }}",
        "{% for m in messages * 100000000 %}{{ m }}{% endfor %}",
        "{% set x %}{% for i in range(100000) %}{{ 'a' * 1000 }}{% endfor %}{% endset %}",
    })
    void runawayTemplateEndsWithLimitExceeded(String source) {
        assertThatThrownBy(() -> ChatTemplate.parse(source).render(NemotronChatFormat.templateVariables(request())))
                .isInstanceOf(TemplateException.class)
                .satisfies(e -> assertThat(((TemplateException) e).kind()).isIn("LimitExceeded", "OverflowError"));
    }

    /** Source nested far deeper than any template: a typed error, never a stack overflow of the JVM. */
    @ParameterizedTest
    @ValueSource(strings = {"(", "[", "{'a': ", "-", "not ", "{% if true %}", "{% for i in [1] %}", "{{ x|trim"})
    void deeplyNestedSourceFailsTypedInsteadOfOverflowingTheStack(String opening) {
        String source = (opening.startsWith("{%") ? "" : "{{ ") + opening.repeat(100_000) + " 1";
        assertThatThrownBy(() -> ChatTemplate.parse(source).render(Map.of()))
                .isInstanceOf(TemplateException.class);
    }

    /**
     * The path a model's template takes into an application ({@link ModelChatTemplate}, as the chat engine reads
     * it): the hostile template fails the request with a message naming the file, and the model still computes.
     */
    @Test
    void aHostileTemplateInsideAGgufFileEndsTypedAndTheModelStillServes() throws IOException {
        String hostile = "{% macro f(n) %}{{ f(n) ~ f(n) }}{% endmacro %}{{ ''.__class__ }}{{ f(1) }}";
        Path model = dir.resolve("hostile.gguf");
        SyntheticModel.of(new Geometry("M", 32, 2, 1, 16, 4, 8, 8, 2, 4, 0, 0, 0, 0, 32, Geometry.MIN_VOCAB, true),
                TensorTypes.uniform(GgmlType.F32), 3).chatTemplate(hostile).write(model);
        ModelChatTemplate template = ModelChatTemplate.read(model);
        assertThatThrownBy(() -> template.render(request())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(model + " tokenizer.chat_template: LimitExceeded")
                .hasCauseInstanceOf(TemplateException.class);
        try (NemotronModel loaded = NemotronModel.load(model, LoadOptions.defaults().withThreads(1))) {
            assertThat(loaded.forward(loaded.newSequence(), new int[] {1, 2}, 0, 2)).hasSize(Geometry.MIN_VOCAB);
        }
    }

    private static ChatRequest request() {
        return new ChatRequest(List.of(ChatMessage.user("hi")), List.of(), true, Map.of(),
                GenerationOptions.defaults());
    }

    private static String renderOrFailTyped(String source, Map<String, ?> variables) {
        try {
            return ChatTemplate.parse(source).render(variables);
        } catch (TemplateException e) {
            assertThat(e.getMessage()).doesNotContain("java.lang", "Exception");
            return "";
        }
    }
}
