package dev.nemotron.runtime.template;

/**
 * A chat template failed to parse or to render. Names the kind of failure the way Python jinja2 names its
 * exception ({@code TemplateSyntaxError}, {@code UndefinedError}, {@code TypeError}, {@code SecurityError},
 * {@code TemplateError} for {@code raise_exception}, {@code LimitExceeded} for the sandbox limits) and the template
 * line and column it happened at (1-based; 0 when the failure belongs to no position).
 */
public final class TemplateException extends RuntimeException {

    private final String kind;
    private final String reason;
    private final int line;
    private final int column;

    /**
     * @param kind   the failure's kind, as {@code TemplateSyntaxError}
     * @param reason the message without kind and position
     * @param line   the template line from 1, or 0 if the failure belongs to no position
     * @param column the column from 1, or 0
     */
    public TemplateException(String kind, String reason, int line, int column) {
        super(kind + ": " + reason + (line > 0 ? " (template line " + line + ", column " + column + ")" : ""));
        this.kind = kind;
        this.reason = reason;
        this.line = line;
        this.column = column;
    }

    /** The failure's kind, named after the Python exception jinja2 raises in the same situation. */
    public String kind() {
        return kind;
    }

    /** The message without kind and position; for {@code raise_exception} the template's own message. */
    public String reason() {
        return reason;
    }

    /** The template line, from 1; 0 if unknown. */
    public int line() {
        return line;
    }

    /** The column in that line, from 1; 0 if unknown. */
    public int column() {
        return column;
    }
}
