package dev.nemotron.runtime.template;

import java.util.List;
import java.util.Map;

/**
 * The arguments of one filter, test, method or global call, bound to Python-style parameter names: each
 * parameter may come by position or by keyword; too many or unknown arguments are a {@code TypeError}.
 */
final class Params {

    private final String function;
    private final List<Object> positional;
    private final Map<String, Object> keywords;
    private final String[] names;

    private Params(String function, List<Object> positional, Map<String, Object> keywords, String[] names,
            boolean variadic) {
        this.function = function;
        this.positional = positional;
        this.keywords = keywords;
        this.names = names;
        if (!variadic && positional.size() > names.length) {
            throw EvalError.type(function + "() takes at most " + names.length + " argument(s) ("
                    + positional.size() + " given)");
        }
        for (String key : keywords.keySet()) {
            if (!List.of(names).contains(key)) {
                throw EvalError.type(function + "() got an unexpected keyword argument " + Py.repr(key));
            }
        }
    }

    /** Parameters {@code names}, in order; nothing else is accepted. */
    static Params of(String function, List<Object> positional, Map<String, Object> keywords, String... names) {
        return new Params(function, positional, keywords, names, false);
    }

    /** Parameters {@code names}, then any number of further positional arguments ({@link #rest}). */
    static Params variadic(String function, List<Object> positional, Map<String, Object> keywords,
            String... names) {
        return new Params(function, positional, keywords, names, true);
    }

    boolean has(int index) {
        return index < positional.size() || keywords.containsKey(names[index]);
    }

    Object get(int index, Object fallback) {
        if (index < positional.size()) {
            if (keywords.containsKey(names[index])) {
                throw EvalError.type(function + "() got multiple values for argument " + Py.repr(names[index]));
            }
            return positional.get(index);
        }
        return keywords.getOrDefault(names[index], fallback);
    }

    Object required(int index) {
        if (!has(index)) {
            throw EvalError.type(function + "() missing required argument " + Py.repr(names[index]));
        }
        return get(index, null);
    }

    String string(int index, String fallback) {
        Object value = get(index, fallback);
        if (value != null && !Py.isString(value)) {
            throw EvalError.type(function + "() argument " + Py.repr(names[index]) + " must be str, not "
                    + Py.typeName(value));
        }
        return Py.text(value);
    }

    long integer(int index, long fallback) {
        Object value = get(index, fallback);
        if (!Py.isInt(value)) {
            throw EvalError.type(Py.repr(Py.typeName(value)) + " object cannot be interpreted as an integer");
        }
        return Py.toLong(value);
    }

    boolean flag(int index, boolean fallback) {
        return Py.truthy(get(index, fallback));
    }

    List<Object> rest(int from) {
        return positional.size() > from ? positional.subList(from, positional.size()) : List.of();
    }

    Map<String, Object> keywords() {
        return keywords;
    }
}
