package dev.nemotron.runtime.template;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Python's semantics for the plain values a template sees: {@code str()} and {@code repr()}, truthiness,
 * equality and ordering, {@code len()} and iteration, whitespace. Template values are {@code String},
 * {@code Long} (Python int), {@code Double} (Python float), {@code Boolean}, {@code null} (None),
 * {@link Undefined}, {@code List}, {@link Tuple}, {@code Map} (insertion-ordered), {@link Namespace} and callables.
 */
final class Py {

    private Py() {
    }

    /** Python's {@code str.isspace()} for one character (all such characters are in the BMP). */
    static boolean isSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\u001c' && c <= '\u001f') || c == '\u0085'
                || c == '\u00a0' || c == '\u1680' || (c >= '\u2000' && c <= '\u200a') || c == '\u2028'
                || c == '\u2029' || c == '\u202f' || c == '\u205f' || c == '\u3000';
    }

    static String rstrip(String s) {
        int end = s.length();
        while (end > 0 && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    /** {@code str.strip/lstrip/rstrip(chars)}: {@code chars == null} strips whitespace. */
    static String strip(String s, String chars, boolean left, boolean right) {
        int[] cps = s.codePoints().toArray();
        int start = 0;
        int end = cps.length;
        while (left && start < end && stripped(cps[start], chars)) {
            start++;
        }
        while (right && end > start && stripped(cps[end - 1], chars)) {
            end--;
        }
        return new String(cps, start, end - start);
    }

    private static boolean stripped(int cp, String chars) {
        return chars == null ? cp < 0x10000 && isSpace((char) cp) : chars.codePoints().anyMatch(c -> c == cp);
    }

    /** The text of a string or Markup (a Python {@code str}), or null for anything else. */
    static String text(Object o) {
        return o instanceof String s ? s : o instanceof Markup m ? m.text() : null;
    }

    static boolean isString(Object o) {
        return o instanceof String || o instanceof Markup;
    }

    static boolean isNumber(Object o) {
        return o instanceof Long || o instanceof Double || o instanceof Boolean;
    }

    static boolean isInt(Object o) {
        return o instanceof Long || o instanceof Boolean;
    }

    static long toLong(Object o) {
        return o instanceof Boolean b ? (b ? 1 : 0) : (Long) o;
    }

    static double toDouble(Object o) {
        return o instanceof Double d ? d : toLong(o);
    }

    static boolean truthy(Object o) {
        return switch (o) {
            case null -> false;
            case Undefined u -> false;
            case Boolean b -> b;
            case Long l -> l != 0;
            case Double d -> d != 0.0;
            case String s -> !s.isEmpty();
            case Markup m -> !m.text().isEmpty();
            case List<?> l -> !l.isEmpty();
            case Tuple t -> !t.items().isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            case DictView v -> !v.map().isEmpty();
            default -> true;
        };
    }

    /** Python's {@code str(o)}; an undefined value gives the empty string, as jinja2 prints it. */
    static String str(Object o) {
        return switch (o) {
            case String s -> s;
            case Markup m -> m.text();
            case Undefined u -> "";
            case Namespace ns -> "<Namespace " + repr(ns.attributes()) + ">";
            case null, default -> repr(o);
        };
    }

    static String repr(Object o) {
        StringBuilder out = new StringBuilder();
        repr(o, out);
        return out.toString();
    }

    private static void repr(Object o, StringBuilder out) {
        switch (o) {
            case null -> out.append("None");
            case String s -> stringRepr(s, out);
            case Markup m -> {
                out.append("Markup(");
                stringRepr(m.text(), out);
                out.append(')');
            }
            case Boolean b -> out.append(b ? "True" : "False");
            case Long l -> out.append(l);
            case Double d -> out.append(floatRepr(d));
            case Undefined u -> out.append("Undefined");
            case List<?> l -> sequenceRepr(l, "[", "]", out);
            case DictView v -> {
                out.append(v.type()).append('(');
                sequenceRepr(v.items(), "[", "]", out);
                out.append(')');
            }
            case Tuple t -> sequenceRepr(t.items(), "(", t.items().size() == 1 ? ",)" : ")", out);
            case Map<?, ?> m -> {
                out.append('{');
                String separator = "";
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    out.append(separator);
                    repr(e.getKey(), out);
                    out.append(": ");
                    repr(e.getValue(), out);
                    separator = ", ";
                }
                out.append('}');
            }
            case Namespace ns -> out.append(str(ns));
            default -> out.append(o);
        }
    }

    private static void sequenceRepr(List<?> items, String open, String close, StringBuilder out) {
        out.append(open);
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            repr(items.get(i), out);
        }
        out.append(close);
    }

    private static void stringRepr(String s, StringBuilder out) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        out.append(quote);
        s.codePoints().forEach(c -> {
            if (c == quote || c == '\\') {
                out.append('\\').appendCodePoint(c);
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c < ' ' || c == 0x7f || (c > 0x7f && !printable(c))) {
                out.append(backslashEscape(c));
            } else {
                out.appendCodePoint(c);
            }
        });
        out.append(quote);
    }

    private static boolean printable(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                 Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }

    /** Python's {@code backslashreplace} form of a code point: {@code \xNN}, {@code \\uNNNN} or {@code \UNNNNNNNN}. */
    static String backslashEscape(int c) {
        return c <= 0xff ? String.format("\\x%02x", c) : c <= 0xffff ? String.format("\\u%04x", c)
                : String.format("\\U%08x", c);
    }

    /**
     * Python's {@code repr(float)}: the shortest digits that round-trip (which {@link Double#toString} also
     * finds), written positionally for decimal exponents -4 to 15 and in scientific form otherwise.
     */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = exact.unscaledValue().toString();
        int exponent = digits.length() - 1 - exact.scale();
        String sign = d < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 16) {
            String plain = exact.toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        int abs = Math.abs(exponent);
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (abs < 10 ? "0" : "") + abs;
    }

    static String typeName(Object o) {
        return switch (o) {
            case null -> "NoneType";
            case String s -> "str";
            case Markup m -> "Markup";
            case Boolean b -> "bool";
            case Long l -> "int";
            case Double d -> "float";
            case List<?> l -> "list";
            case Tuple t -> "tuple";
            case Map<?, ?> m -> "dict";
            case Undefined u -> "Undefined";
            case Namespace n -> "Namespace";
            case Macro m -> "Macro";
            case LoopInfo l -> "LoopContext";
            case Generator g -> g.type();
            case DictView v -> v.type();
            default -> "function";
        };
    }

    /** How jinja2 names a value's type in "has no attribute" messages. */
    static String objectTypeRepr(Object o) {
        return switch (o) {
            case null -> "None";
            case Namespace n -> "jinja2.utils.Namespace object";
            case Markup m -> "markupsafe.Markup object";
            case Undefined u -> "jinja2.runtime.Undefined object";
            case Macro m -> "jinja2.runtime.Macro object";
            case LoopInfo l -> "jinja2.runtime.LoopContext object";
            default -> typeName(o) + " object";
        };
    }

    static boolean equal(Object a, Object b) {
        if (isNumber(a) && isNumber(b)) {
            return isInt(a) && isInt(b) ? toLong(a) == toLong(b) : toDouble(a) == toDouble(b);
        }
        if (isString(a) && isString(b)) {
            return text(a).equals(text(b));
        }
        return switch (a) {
            case null -> b == null;
            case Undefined u -> b instanceof Undefined;
            case List<?> l -> b instanceof List<?> m && sequenceEqual(l, m);
            case Tuple t -> b instanceof Tuple u && sequenceEqual(t.items(), u.items());
            case Map<?, ?> m -> b instanceof Map<?, ?> n && mapEqual(m, n);
            default -> a == b;
        };
    }

    private static boolean sequenceEqual(List<?> a, List<?> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!equal(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean mapEqual(Map<?, ?> a, Map<?, ?> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (Map.Entry<?, ?> e : a.entrySet()) {
            if (!b.containsKey(e.getKey()) || !equal(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Python's ordering of two values, for {@code <}, sorting, {@code min} and {@code max}. */
    static int compare(Object a, Object b, String op) {
        if (isNumber(a) && isNumber(b)) {
            return isInt(a) && isInt(b) ? Long.compare(toLong(a), toLong(b)) : Double.compare(toDouble(a),
                    toDouble(b));
        }
        if (isString(a) && isString(b)) {
            return compareCodePoints(text(a), text(b));
        }
        if (a instanceof List<?> l && b instanceof List<?> m) {
            return compareSequences(l, m, op);
        }
        if (a instanceof Tuple t && b instanceof Tuple u) {
            return compareSequences(t.items(), u.items(), op);
        }
        if (a instanceof Undefined u) {
            throw u.fail();
        }
        if (b instanceof Undefined u) {
            throw u.fail();
        }
        throw EvalError.type("'" + op + "' not supported between instances of " + repr(typeName(a)) + " and "
                + repr(typeName(b)));
    }

    private static int compareSequences(List<?> a, List<?> b, String op) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!equal(a.get(i), b.get(i))) {
                return compare(a.get(i), b.get(i), op);
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static int compareCodePoints(String s, String t) {
        int i = 0;
        int j = 0;
        while (i < s.length() && j < t.length()) {
            int c = s.codePointAt(i);
            int d = t.codePointAt(j);
            if (c != d) {
                return Integer.compare(c, d);
            }
            i += Character.charCount(c);
            j += Character.charCount(d);
        }
        return Integer.compare(s.length() - i, t.length() - j);
    }

    static long len(Object o) {
        return switch (o) {
            case String s -> s.codePointCount(0, s.length());
            case Markup m -> m.text().codePointCount(0, m.text().length());
            case List<?> l -> l.size();
            case Tuple t -> t.items().size();
            case Map<?, ?> m -> m.size();
            case DictView v -> v.map().size();
            case Undefined u -> 0;
            case null, default -> throw EvalError.type("object of type " + repr(typeName(o)) + " has no len()");
        };
    }

    /**
     * The items a {@code for} loop visits: list items, dict keys, characters, what is left of a generator;
     * nothing for an undefined value.
     */
    static List<Object> iterate(Object o) {
        return switch (o) {
            case List<?> l -> cast(l);
            case Tuple t -> t.items();
            case Map<?, ?> m -> new ArrayList<>(m.keySet());
            case String s -> characters(s);
            case Markup m -> characters(m.text());
            case Undefined u -> List.of();
            case Generator g -> g.drain();
            case DictView v -> v.items();
            case null, default -> throw EvalError.type(repr(typeName(o)) + " object is not iterable");
        };
    }

    static boolean isIterable(Object o) {
        return o instanceof List<?> || o instanceof Tuple || o instanceof Map<?, ?> || isString(o)
                || o instanceof Undefined || o instanceof Generator || o instanceof DictView;
    }

    static List<Object> characters(String s) {
        List<Object> chars = new ArrayList<>(s.length());
        s.codePoints().forEach(c -> chars.add(Character.toString(c)));
        return chars;
    }

    @SuppressWarnings("unchecked")
    static List<Object> cast(List<?> list) {
        return (List<Object>) list;
    }

    @SuppressWarnings("unchecked")
    static Map<Object, Object> cast(Map<?, ?> map) {
        return (Map<Object, Object>) map;
    }

    /**
     * Copies a caller's value into template values: any integer type becomes {@code Long}, any floating type
     * {@code Double}, collections and arrays lists, maps insertion-ordered maps. Anything else is refused, so a
     * template never reaches a Java object.
     */
    static Object fromJava(Object value, String path) {
        return switch (value) {
            case null -> null;
            case String s -> s;
            case CharSequence s -> s.toString();
            case Character c -> c.toString();
            case Boolean b -> b;
            case Long l -> l;
            case Integer i -> (long) i;
            case Short s -> (long) s;
            case Byte b -> (long) b;
            case BigInteger b when b.bitLength() < 64 -> b.longValue();
            case Double d -> d;
            case Float f -> Double.parseDouble(Float.toString(f));
            case BigDecimal b -> b.doubleValue();
            case Map<?, ?> m -> {
                Map<Object, Object> copy = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    Object key = fromJava(e.getKey(), path + " key");
                    copy.put(key, fromJava(e.getValue(), path + "[" + repr(key) + "]"));
                }
                yield copy;
            }
            case Collection<?> c -> listFromJava(c, path);
            case Object[] a -> listFromJava(java.util.Arrays.asList(a), path);
            default -> throw new IllegalArgumentException("template variable " + path + " is a "
                    + value.getClass().getName() + "; templates accept only String, Number, Boolean, null, "
                    + "List and Map values");
        };
    }

    private static List<Object> listFromJava(Collection<?> values, String path) {
        List<Object> copy = new ArrayList<>(values.size());
        for (Object v : values) {
            copy.add(fromJava(v, path + "[" + copy.size() + "]"));
        }
        return copy;
    }
}
