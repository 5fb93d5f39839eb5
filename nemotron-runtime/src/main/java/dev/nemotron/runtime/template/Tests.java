package dev.nemotron.runtime.template;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** jinja2's tests ({@code x is name}), with Python's notion of what counts as a number, sequence or mapping. */
final class Tests {

    private static final Set<String> NAMES = Set.of("boolean", "callable", "defined", "divisibleby", "eq", "equalto",
            "==", "escaped", "even", "false", "filter", "float", "ge", ">=", "gt", ">", "greaterthan", "in", "integer",
            "iterable", "le", "<=", "lt", "<", "lessthan", "lower", "mapping", "ne", "!=", "none", "number", "odd",
            "sameas", "sequence", "string", "test", "true", "undefined", "upper");

    private Tests() {
    }

    static boolean exists(String name) {
        return NAMES.contains(name);
    }

    static boolean apply(Interpreter in, String name, Object value, List<Object> args, Map<String, Object> kwargs) {
        if (!exists(name)) {
            throw new EvalError("TemplateRuntimeError", "No test named " + Py.repr(name) + " found.");
        }
        return switch (name) {
            case "defined" -> none(name, args, kwargs, !(value instanceof Undefined));
            case "undefined" -> none(name, args, kwargs, value instanceof Undefined);
            case "none" -> none(name, args, kwargs, value == null);
            case "boolean" -> none(name, args, kwargs, value instanceof Boolean);
            case "true" -> none(name, args, kwargs, Boolean.TRUE.equals(value));
            case "false" -> none(name, args, kwargs, Boolean.FALSE.equals(value));
            case "string" -> none(name, args, kwargs, Py.isString(value));
            case "number" -> none(name, args, kwargs, Py.isNumber(value));
            case "integer" -> none(name, args, kwargs, value instanceof Long);
            case "float" -> none(name, args, kwargs, value instanceof Double);
            case "mapping" -> none(name, args, kwargs, value instanceof Map<?, ?>);
            case "sequence" -> none(name, args, kwargs, Py.isString(value) || value instanceof List<?>
                    || value instanceof Tuple || value instanceof Map<?, ?> || value instanceof Undefined);
            case "iterable" -> none(name, args, kwargs, Py.isIterable(value));
            case "callable" -> none(name, args, kwargs, value instanceof TemplateCallable);
            case "escaped" -> none(name, args, kwargs, value instanceof Markup);
            case "lower", "upper" -> none(name, args, kwargs, Boolean.TRUE.equals(
                    Methods.call(in, Py.str(value), "is" + name, List.of(), Map.of())));
            case "odd" -> none(name, args, kwargs, Py.equal(Operators.binary("%", value, 2L, in), 1L));
            case "even" -> none(name, args, kwargs, isZero(Operators.binary("%", value, 2L, in)));
            case "divisibleby" -> isZero(Operators.binary("%", value, one(name, args, kwargs, "num"), in));
            case "filter" -> none(name, args, kwargs, value instanceof String s && Filters.exists(s));
            case "test" -> none(name, args, kwargs, value instanceof String s && exists(s));
            case "sameas" -> same(value, one(name, args, kwargs, "other"));
            case "in" -> Operators.contains(one(name, args, kwargs, "seq"), value);
            default -> Interpreter.compareOnce(operator(name), value, one(name, args, kwargs, "other"));
        };
    }

    private static String operator(String name) {
        return switch (name) {
            case "eq", "equalto" -> "==";
            case "ne" -> "!=";
            case "ge" -> ">=";
            case "gt", "greaterthan" -> ">";
            case "le" -> "<=";
            case "lt", "lessthan" -> "<";
            default -> name;
        };
    }

    private static boolean none(String name, List<Object> args, Map<String, Object> kwargs, boolean result) {
        Params.of(name, args, kwargs);
        return result;
    }

    private static Object one(String name, List<Object> args, Map<String, Object> kwargs, String param) {
        return Params.of(name, args, kwargs, param).required(0);
    }

    private static boolean isZero(Object number) {
        return Py.equal(number, 0L);
    }

    private static boolean same(Object a, Object b) {
        if (a == null || b == null || a instanceof Boolean || b instanceof Boolean) {
            return a == null ? b == null : a.equals(b);
        }
        return a == b;
    }
}
