package dev.nemotron.runtime.template;

/**
 * jinja2's default {@code Undefined}: the value of a missing variable, attribute or item. It prints as nothing,
 * is false, iterates as empty and has length 0; any other use (attribute, item, call, arithmetic, ordering,
 * JSON) fails with the message saying what was missing.
 */
final class Undefined {

    private final String hint;
    private final String kind;

    private Undefined(String hint, String kind) {
        this.hint = hint;
        this.kind = kind;
    }

    static Undefined named(String name) {
        return new Undefined(Py.repr(name) + " is undefined", "UndefinedError");
    }

    /** An attribute (a string name) or element (any other key) that {@code owner} does not have. */
    static Undefined missing(Object owner, Object attribute) {
        String message = attribute instanceof String name
                ? Py.repr(Py.objectTypeRepr(owner)) + " has no attribute " + Py.repr(name)
                : Py.objectTypeRepr(owner) + " has no element " + Py.repr(attribute);
        return new Undefined(message, "UndefinedError");
    }

    static Undefined because(String hint) {
        return new Undefined(hint, "UndefinedError");
    }

    /** What jinja2's sandbox gives for an attribute that would mutate a value: unusable, not absent. */
    static Undefined unsafe(Object owner, String attribute) {
        return new Undefined("access to attribute " + Py.repr(attribute) + " of " + Py.repr(Py.typeName(owner))
                + " object is unsafe.", "SecurityError");
    }

    EvalError fail() {
        return new EvalError(kind, hint);
    }

    @Override
    public String toString() {
        return "";
    }
}
