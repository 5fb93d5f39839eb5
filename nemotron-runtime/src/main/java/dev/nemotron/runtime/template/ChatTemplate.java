package dev.nemotron.runtime.template;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.nemotron.runtime.template.Node.Stmt;

/**
 * A parsed Jinja2 chat template, rendered the way Hugging Face transformers renders it with Python jinja2:
 * an immutable sandbox with {@code trim_blocks}, {@code lstrip_blocks} and loop controls, {@code tojson} as
 * {@code json.dumps(ensure_ascii=False)}, and the globals {@code raise_exception} and {@code strftime_now}.
 *
 * <p>A template sees only plain data (strings, numbers, booleans, null, lists, maps), never a Java object; its
 * loops, recursion and output are bounded by {@link TemplateLimits}. A parsed template is immutable and may be
 * rendered by several threads at once.
 *
 * <pre>{@code
 * ChatTemplate template = ChatTemplate.parse(source);
 * String prompt = template.render(Map.of("messages", messages, "add_generation_prompt", true));
 * }</pre>
 */
public final class ChatTemplate {

    private final SourceText source;
    private final List<Stmt> body;
    private final TemplateLimits limits;
    private final Clock clock;

    private ChatTemplate(SourceText source, List<Stmt> body, TemplateLimits limits, Clock clock) {
        this.source = source;
        this.body = body;
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * Parses a template with the default sandbox limits.
     *
     * @throws TemplateException of kind {@code TemplateSyntaxError} (or {@code TemplateAssertionError} for an
     *                           unknown filter or test) with the line and column of the fault
     */
    public static ChatTemplate parse(String source) {
        return parse(source, TemplateLimits.DEFAULT);
    }

    /** Parses a template that renders within {@code limits}. */
    public static ChatTemplate parse(String source, TemplateLimits limits) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(limits, "limits");
        SourceText text = new SourceText(source);
        try {
            return new ChatTemplate(text, List.copyOf(Parser.parse(text)), limits, Clock.systemDefaultZone());
        } catch (StackOverflowError e) {
            throw new TemplateException("TemplateSyntaxError", "the template nests too deeply to parse", 0, 0);
        }
    }

    /** This template with other sandbox limits. */
    public ChatTemplate withLimits(TemplateLimits newLimits) {
        return new ChatTemplate(source, body, Objects.requireNonNull(newLimits, "limits"), clock);
    }

    /** This template reading the time for {@code strftime_now} from {@code newClock} (the system clock by default). */
    public ChatTemplate withClock(Clock newClock) {
        return new ChatTemplate(source, body, limits, Objects.requireNonNull(newClock, "clock"));
    }

    /**
     * Renders the template.
     *
     * @param variables the template variables; values are copied into template data, so the caller's
     *                  collections are never changed and later changes to them do not matter
     * @throws TemplateException        for a runtime error, a {@code raise_exception} call (kind
     *                                  {@code TemplateError}, {@link TemplateException#reason()} the message) or an
     *                                  exceeded limit (kind {@code LimitExceeded}), with the template position
     * @throws IllegalArgumentException if a variable holds something other than plain data
     */
    public String render(Map<String, ?> variables) {
        Objects.requireNonNull(variables, "variables");
        try {
            return new Interpreter(source, limits, clock).render(body, variables);
        } catch (StackOverflowError e) {
            throw new TemplateException("LimitExceeded", "the template nests too deeply for the thread's stack",
                    0, 0);
        }
    }
}
