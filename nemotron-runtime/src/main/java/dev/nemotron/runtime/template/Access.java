package dev.nemotron.runtime.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Attribute access ({@code x.name}), item access ({@code x[key]}) and slicing, as jinja2's sandbox resolves
 * them: an attribute is first a method of the value and then an item; an item is first an item and then a
 * method; what is neither is {@link Undefined}, and a method that would change a value is unusable.
 */
final class Access {

    private Access() {
    }

    static Object attribute(Object target, String name) {
        return switch (target) {
            case Undefined u -> throw u.fail();
            case Map<?, ?> m -> {
                Object method = method(m, name);
                if (method != null) {
                    yield method;
                }
                yield m.containsKey(name) ? m.get(name) : Undefined.missing(m, name);
            }
            case Namespace ns -> ns.attributes().containsKey(name) ? ns.attributes().get(name)
                    : Undefined.missing(ns, name);
            case LoopInfo loop -> loop.attribute(name);
            case null, default -> {
                Object method = method(target, name);
                yield method != null ? method : Undefined.missing(target, name);
            }
        };
    }

    /** A bound method, the sandbox's refusal of a mutating method, or null if {@code name} is no method. */
    private static Object method(Object target, String name) {
        if (Methods.isMethod(target, name)) {
            return new BoundMethod(target, name);
        }
        if (Methods.isMutating(target, name)) {
            return Undefined.unsafe(target, name);
        }
        return null;
    }

    static Object item(Object target, Object key) {
        switch (target) {
            case Undefined u -> throw u.fail();
            case Map<?, ?> m -> {
                Object lookup = key instanceof Markup text ? text.text() : key;
                if (m.containsKey(lookup)) {
                    return m.get(lookup);
                }
            }
            case List<?> l when Py.isInt(key) -> {
                return index(l, Py.toLong(key), target, key);
            }
            case Tuple t when Py.isInt(key) -> {
                return index(t.items(), Py.toLong(key), target, key);
            }
            case String s when Py.isInt(key) -> {
                List<Object> chars = Py.characters(s);
                return index(chars, Py.toLong(key), target, key);
            }
            case Markup m when Py.isInt(key) -> {
                Object c = index(Py.characters(m.text()), Py.toLong(key), target, key);
                return c instanceof String s ? new Markup(s) : c;
            }
            case null, default -> {
            }
        }
        if (key instanceof String name) {
            if (target instanceof Namespace || target instanceof LoopInfo) {
                return attribute(target, name);
            }
            Object method = method(target, name);
            if (method != null) {
                return method;
            }
        }
        return Undefined.missing(target, key);
    }

    private static Object index(List<?> items, long i, Object target, Object key) {
        long at = i < 0 ? i + items.size() : i;
        return at >= 0 && at < items.size() ? items.get((int) at) : Undefined.missing(target, key);
    }

    static Object slice(Object target, Object start, Object stop, Object step) {
        if (target instanceof Undefined u) {
            throw u.fail();
        }
        List<?> items = switch (target) {
            case List<?> l -> l;
            case Tuple t -> t.items();
            case String s -> Py.characters(s);
            case Markup m -> Py.characters(m.text());
            case null, default -> null;
        };
        if (items == null) {
            throw EvalError.type(target instanceof Map<?, ?> ? "unhashable type: 'slice'"
                    : Py.repr(Py.typeName(target)) + " object is not subscriptable");
        }
        List<Object> picked = pick(items, bound(start), bound(stop), bound(step));
        return switch (target) {
            case Tuple t -> new Tuple(picked);
            case String s -> joined(picked);
            case Markup m -> new Markup(joined(picked));
            default -> picked;
        };
    }

    private static String joined(List<Object> characters) {
        StringBuilder text = new StringBuilder();
        characters.forEach(c -> text.append((String) c));
        return text.toString();
    }

    private static Long bound(Object value) {
        if (value == null) {
            return null;
        }
        if (!Py.isInt(value)) {
            throw EvalError.type("slice indices must be integers or None or have an __index__ method");
        }
        return Py.toLong(value);
    }

    /** Python's {@code slice.indices()} walk. */
    private static List<Object> pick(List<?> items, Long start, Long stop, Long step) {
        long n = items.size();
        long by = step == null ? 1 : step;
        if (by == 0) {
            throw EvalError.value("slice step cannot be zero");
        }
        long lower = by > 0 ? 0 : -1;
        long upper = by > 0 ? n : n - 1;
        long from = start == null ? (by > 0 ? lower : upper) : clamp(start, n, lower, upper);
        long to = stop == null ? (by > 0 ? upper : lower) : clamp(stop, n, lower, upper);
        List<Object> picked = new ArrayList<>();
        for (long i = from; by > 0 ? i < to : i > to; i += by) {
            picked.add(items.get((int) i));
        }
        return picked;
    }

    private static long clamp(long index, long n, long lower, long upper) {
        long i = index < 0 ? index + n : index;
        return Math.max(lower, Math.min(upper, i));
    }

    /**
     * Puts an entry as a Python dict does: a key equal to an existing one ({@code 1}, {@code 1.0} and
     * {@code True} are equal) replaces that entry's value and keeps the first key.
     */
    static void put(Map<Object, Object> map, Object key, Object value) {
        hashable(key);
        if (Py.isNumber(key) && !map.containsKey(key)) {
            for (Object existing : map.keySet()) {
                if (Py.isNumber(existing) && Py.equal(existing, key)) {
                    map.put(existing, value);
                    return;
                }
            }
        }
        map.put(key, value);
    }

    /** Refuses dict keys Python cannot hash. */
    static Object hashable(Object key) {
        if (key instanceof List<?> || key instanceof Map<?, ?> || key instanceof Namespace) {
            throw EvalError.type("unhashable type: " + Py.repr(Py.typeName(key)));
        }
        return key;
    }
}
