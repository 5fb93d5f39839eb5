package dev.nemotron.runtime.template;

/**
 * A failure while evaluating, before it is tied to a template position: the interpreter turns it into a
 * {@link TemplateException} at the innermost expression or statement that raised it.
 */
final class EvalError extends RuntimeException {

    private final String kind;

    EvalError(String kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    static EvalError type(String message) {
        return new EvalError("TypeError", message);
    }

    static EvalError value(String message) {
        return new EvalError("ValueError", message);
    }

    String kind() {
        return kind;
    }
}
