package dev.nemotron.runtime.template;

/**
 * The sandbox limits of one render. A template that exceeds one fails with a {@link TemplateException} of kind
 * {@code LimitExceeded}, so a template that loops or recurses forever ends in bounded time.
 *
 * @param maxOutputChars the most characters a render may produce, counting captured output ({@code set} blocks,
 *                       macro calls) and every string or list a template builds
 * @param maxSteps       the most evaluation steps (one per statement executed and per expression evaluated)
 * @param maxCallDepth   the deepest nesting of macro calls
 * @param maxRange       the longest list {@code range()} may make (jinja2's sandbox allows 100000)
 */
public record TemplateLimits(long maxOutputChars, long maxSteps, int maxCallDepth, int maxRange) {

    /** 10 M characters, 10 M steps, 100 nested macro calls, ranges of 100000, as jinja2's sandbox. */
    public static final TemplateLimits DEFAULT = new TemplateLimits(10_000_000, 10_000_000, 100, 100_000);

    public TemplateLimits {
        if (maxOutputChars <= 0 || maxSteps <= 0 || maxCallDepth <= 0 || maxRange < 0) {
            throw new IllegalArgumentException("template limits must be positive: " + maxOutputChars + ", "
                    + maxSteps + ", " + maxCallDepth + ", " + maxRange);
        }
    }
}
