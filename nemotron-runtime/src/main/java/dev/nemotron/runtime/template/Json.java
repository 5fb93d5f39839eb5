package dev.nemotron.runtime.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps} as transformers' {@code tojson} calls it: {@code ", "} and {@code ": "} separators
 * (items end in {@code ","} when indenting), keys in insertion order, non-ASCII text kept unless
 * {@code ensure_ascii}, floats in Python's shortest form, {@code NaN} and {@code Infinity} as Python writes them.
 */
final class Json {

    private final String indent;
    private final boolean ensureAscii;
    private final String itemSeparator;
    private final String keySeparator;
    private final boolean sortKeys;
    private final StringBuilder out = new StringBuilder();

    private Json(String indent, boolean ensureAscii, String itemSeparator, String keySeparator, boolean sortKeys) {
        this.indent = indent;
        this.ensureAscii = ensureAscii;
        this.itemSeparator = itemSeparator;
        this.keySeparator = keySeparator;
        this.sortKeys = sortKeys;
    }

    /**
     * @param indent     null for one line, else the indentation string of each level
     * @param separators null for the defaults, else the item and key separators
     */
    static String dumps(Object value, String indent, boolean ensureAscii, List<String> separators, boolean sortKeys) {
        String item = separators != null ? separators.get(0) : indent != null ? "," : ", ";
        String key = separators != null ? separators.get(1) : ": ";
        Json json = new Json(indent, ensureAscii, item, key, sortKeys);
        json.value(value, 0);
        return json.out.toString();
    }

    private void value(Object value, int level) {
        switch (value) {
            case null -> out.append("null");
            case Boolean b -> out.append(b);
            case Long l -> out.append(l);
            case Double d -> out.append(number(d));
            case String s -> string(s);
            case Markup m -> string(m.text());
            case List<?> l -> array(l, level);
            case Tuple t -> array(t.items(), level);
            case Map<?, ?> m -> object(m, level);
            default -> throw EvalError.type("Object of type " + Py.typeName(value) + " is not JSON serializable");
        }
    }

    private static String number(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        return Py.floatRepr(d);
    }

    private void array(List<?> items, int level) {
        if (items.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        for (int i = 0; i < items.size(); i++) {
            separate(i, level + 1);
            value(items.get(i), level + 1);
        }
        close(level, ']');
    }

    private void object(Map<?, ?> map, int level) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
        if (sortKeys) {
            entries.sort((a, b) -> Py.compare(a.getKey(), b.getKey(), "<"));
        }
        out.append('{');
        for (int i = 0; i < entries.size(); i++) {
            separate(i, level + 1);
            string(key(entries.get(i).getKey()));
            out.append(keySeparator);
            value(entries.get(i).getValue(), level + 1);
        }
        close(level, '}');
    }

    private static String key(Object key) {
        return switch (key) {
            case String s -> s;
            case Markup m -> m.text();
            case null -> "null";
            case Boolean b -> b.toString();
            case Long l -> l.toString();
            case Double d -> number(d);
            default -> throw EvalError.type("keys must be str, int, float, bool or None, not " + Py.typeName(key));
        };
    }

    private void separate(int index, int level) {
        if (index > 0) {
            out.append(itemSeparator);
        }
        if (indent != null) {
            out.append('\n').append(indent.repeat(level));
        }
    }

    private void close(int level, char bracket) {
        if (indent != null) {
            out.append('\n').append(indent.repeat(level));
        }
        out.append(bracket);
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || (ensureAscii && c > 0x7e)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
