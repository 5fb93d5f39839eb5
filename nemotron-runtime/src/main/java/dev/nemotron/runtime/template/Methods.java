package dev.nemotron.runtime.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Python methods templates may call on strings, dicts, lists and tuples. Methods that would change a
 * value ({@code append}, {@code update}, ...) are known so that they fail as jinja2's immutable sandbox fails.
 */
final class Methods {

    private static final Set<String> STRING = Set.of("split", "rsplit", "strip", "lstrip", "rstrip", "startswith",
            "endswith", "lower", "upper", "title", "capitalize", "swapcase", "replace", "find", "rfind", "index",
            "rindex", "count", "join", "splitlines", "isdigit", "isalpha", "isalnum", "isspace", "islower",
            "isupper", "isnumeric", "isdecimal", "zfill", "center", "ljust", "rjust", "removeprefix",
            "removesuffix", "partition", "rpartition", "format", "casefold");
    private static final Set<String> DICT = Set.of("items", "keys", "values", "get", "copy");
    private static final Set<String> DICT_MUTATING = Set.of("clear", "pop", "popitem", "setdefault", "update");
    private static final Set<String> LIST = Set.of("count", "index", "copy");
    private static final Set<String> LIST_MUTATING = Set.of("append", "clear", "extend", "insert", "pop",
            "remove", "reverse", "sort");
    private static final Set<String> TUPLE = Set.of("count", "index");

    private Methods() {
    }

    static boolean isMethod(Object target, String name) {
        return switch (target) {
            case String s -> STRING.contains(name);
            case Markup s -> STRING.contains(name);
            case Map<?, ?> m -> DICT.contains(name);
            case List<?> l -> LIST.contains(name);
            case Tuple t -> TUPLE.contains(name);
            case null, default -> false;
        };
    }

    static boolean isMutating(Object target, String name) {
        return target instanceof Map<?, ?> && DICT_MUTATING.contains(name)
                || target instanceof List<?> && LIST_MUTATING.contains(name);
    }

    static Object call(Interpreter in, Object target, String name, List<Object> args, Map<String, Object> kwargs) {
        return switch (target) {
            case String s -> string(in, s, name, args, kwargs);
            case Markup m -> markup(in, m, name, args, kwargs);
            case Map<?, ?> m -> dict(Py.cast(m), name, args, kwargs);
            case List<?> l -> sequence(Py.cast(l), name, args, kwargs);
            case Tuple t -> sequence(t.items(), name, args, kwargs);
            default -> throw new IllegalStateException(name);
        };
    }

    private static Object dict(Map<Object, Object> map, String name, List<Object> args, Map<String, Object> kw) {
        return switch (name) {
            case "items", "keys", "values" -> {
                Params.of(name, args, kw);
                yield new DictView(name, map);
            }
            case "get" -> {
                Params p = Params.of("get", args, kw, "key", "default");
                Object key = p.required(0);
                yield map.containsKey(key) ? map.get(key) : p.get(1, null);
            }
            case "copy" -> {
                Params.of("copy", args, kw);
                yield new LinkedHashMap<>(map);
            }
            default -> throw new IllegalStateException(name);
        };
    }

    private static Object sequence(List<Object> items, String name, List<Object> args, Map<String, Object> kw) {
        return switch (name) {
            case "count" -> {
                Object x = Params.of("count", args, kw, "value").required(0);
                yield items.stream().filter(i -> Py.equal(i, x)).count();
            }
            case "index" -> {
                Object x = Params.of("index", args, kw, "value").required(0);
                for (int i = 0; i < items.size(); i++) {
                    if (Py.equal(items.get(i), x)) {
                        yield (long) i;
                    }
                }
                throw EvalError.value(Py.repr(x) + " is not in list");
            }
            case "copy" -> {
                Params.of("copy", args, kw);
                yield new ArrayList<>(items);
            }
            default -> throw new IllegalStateException(name);
        };
    }

    private static Object string(Interpreter in, String s, String name, List<Object> args, Map<String, Object> kw) {
        return switch (name) {
            case "split", "rsplit" -> {
                Params p = Params.of(name, args, kw, "sep", "maxsplit");
                yield split(s, string(p, 0, "must be str or None"), p.integer(1, -1), name.equals("rsplit"));
            }
            case "strip", "lstrip", "rstrip" -> Py.strip(s, string(Params.of(name, args, kw, "chars"), 0,
                    name + " arg must be None or str"), !name.equals("rstrip"), !name.equals("lstrip"));
            case "startswith", "endswith" -> affix(s, name, Params.of(name, args, kw, "prefix", "start", "end"));
            case "lower" -> noArgs(name, args, kw, s.toLowerCase(Locale.ROOT));
            case "upper" -> noArgs(name, args, kw, s.toUpperCase(Locale.ROOT));
            case "casefold" -> noArgs(name, args, kw, s.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT));
            case "title" -> noArgs(name, args, kw, title(s));
            case "capitalize" -> noArgs(name, args, kw, capitalize(s));
            case "swapcase" -> noArgs(name, args, kw, swapcase(s));
            case "replace" -> {
                Params p = Params.of(name, args, kw, "old", "new", "count");
                yield replace(in, s, string(p, 0, "replace() argument 1 must be str"),
                        string(p, 1, "replace() argument 2 must be str"), p.integer(2, -1));
            }
            case "find", "rfind", "index", "rindex" -> find(s, name, Params.of(name, args, kw, "sub", "start", "end"));
            case "count" -> {
                Params p = Params.of(name, args, kw, "sub");
                yield count(s, string(p, 0, "must be str"));
            }
            case "join" -> join(in, s, Py.iterate(Params.of(name, args, kw, "iterable").required(0)));
            case "splitlines" -> splitLines(s, Params.of(name, args, kw, "keepends").flag(0, false));
            case "isdigit", "isnumeric", "isdecimal" -> noArgs(name, args, kw,
                    !s.isEmpty() && s.codePoints().allMatch(Character::isDigit));
            case "isalpha" -> noArgs(name, args, kw, !s.isEmpty() && s.codePoints().allMatch(Character::isLetter));
            case "isalnum" -> noArgs(name, args, kw,
                    !s.isEmpty() && s.codePoints().allMatch(Character::isLetterOrDigit));
            case "isspace" -> noArgs(name, args, kw, !s.isEmpty() && s.chars().allMatch(c -> Py.isSpace((char) c)));
            case "islower" -> noArgs(name, args, kw, hasCase(s, true));
            case "isupper" -> noArgs(name, args, kw, hasCase(s, false));
            case "zfill" -> zfill(s, Params.of(name, args, kw, "width").integer(0, 0));
            case "center", "ljust", "rjust" -> {
                Params p = Params.of(name, args, kw, "width", "fillchar");
                yield pad(in, s, name, p.integer(0, 0), p.string(1, " "));
            }
            case "removeprefix" -> {
                String prefix = Params.of(name, args, kw, "prefix").string(0, "");
                yield s.startsWith(prefix) ? s.substring(prefix.length()) : s;
            }
            case "removesuffix" -> {
                String suffix = Params.of(name, args, kw, "suffix").string(0, "");
                yield !suffix.isEmpty() && s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
            }
            case "partition", "rpartition" -> partition(s, Params.of(name, args, kw, "sep").string(0, null),
                    name.equals("rpartition"));
            case "format" -> format(s, args, kw);
            default -> throw new IllegalStateException(name);
        };
    }

    /** A string argument, or null if absent or None; otherwise the TypeError Python words as {@code message}. */
    private static String string(Params p, int index, String message) {
        Object value = p.get(index, null);
        if (value != null && !Py.isString(value)) {
            throw EvalError.type(message + ", not " + Py.typeName(value));
        }
        return Py.text(value);
    }

    /** Markup methods that escape their string arguments and return Markup, as markupsafe wraps them. */
    private static final Set<String> MARKUP_WRAPPED = Set.of("capitalize", "title", "lower", "upper", "replace",
            "ljust", "rjust", "lstrip", "rstrip", "center", "strip", "swapcase", "zfill", "casefold", "removeprefix",
            "removesuffix", "format", "join", "split", "rsplit", "splitlines", "partition", "rpartition");

    /**
     * A string method on Markup: text arguments (and the items of {@code join}) are escaped first, and string
     * results come back as Markup; other methods ({@code find}, {@code startswith}, ...) act on the plain text.
     */
    private static Object markup(Interpreter in, Markup m, String name, List<Object> args, Map<String, Object> kw) {
        if (!MARKUP_WRAPPED.contains(name)) {
            return string(in, m.text(), name, args, kw);
        }
        List<Object> escapedArgs = new ArrayList<>(args.size());
        for (Object arg : args) {
            escapedArgs.add(name.equals("join") ? escapeItems(arg) : escapeText(arg));
        }
        Map<String, Object> escapedKw = new LinkedHashMap<>();
        kw.forEach((k, v) -> escapedKw.put(k, escapeText(v)));
        return asMarkup(string(in, m.text(), name, escapedArgs, escapedKw));
    }

    private static Object escapeText(Object value) {
        return Py.isString(value) ? Markup.escapedText(value) : value;
    }

    private static Object escapeItems(Object iterable) {
        List<Object> items = new ArrayList<>();
        for (Object item : Py.iterate(iterable)) {
            items.add(Markup.escapedText(item));
        }
        return items;
    }

    private static Object asMarkup(Object result) {
        return switch (result) {
            case String s -> new Markup(s);
            case List<?> l -> l.stream().map(Methods::asMarkup).toList();
            case Tuple t -> new Tuple(t.items().stream().map(Methods::asMarkup).toList());
            default -> result;
        };
    }

    private static Object noArgs(String name, List<Object> args, Map<String, Object> kw, Object result) {
        Params.of(name, args, kw);
        return result;
    }

    /** Python's {@code str.split} / {@code rsplit}: no separator splits on whitespace runs and drops empties. */
    static List<Object> split(String s, String sep, long maxSplit, boolean fromRight) {
        if (sep != null && sep.isEmpty()) {
            throw EvalError.value("empty separator");
        }
        long limit = maxSplit < 0 ? Long.MAX_VALUE : maxSplit;
        List<Object> parts = sep == null ? splitWhitespace(fromRight ? reverse(s) : s, limit, fromRight)
                : splitOn(fromRight ? reverse(s) : s, fromRight ? reverse(sep) : sep, limit, fromRight);
        if (fromRight) {
            java.util.Collections.reverse(parts);
        }
        return parts;
    }

    private static String reverse(String s) {
        return new StringBuilder(s).reverse().toString();
    }

    private static List<Object> splitOn(String s, String sep, long limit, boolean reversed) {
        List<Object> parts = new ArrayList<>();
        int from = 0;
        for (int at = s.indexOf(sep); at >= 0 && parts.size() < limit; at = s.indexOf(sep, from)) {
            parts.add(orient(s.substring(from, at), reversed));
            from = at + sep.length();
        }
        parts.add(orient(s.substring(from), reversed));
        return parts;
    }

    private static List<Object> splitWhitespace(String s, long limit, boolean reversed) {
        List<Object> parts = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (true) {
            while (i < n && Py.isSpace(s.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return parts;
            }
            if (parts.size() == limit) {
                parts.add(orient(s.substring(i), reversed));
                return parts;
            }
            int start = i;
            while (i < n && !Py.isSpace(s.charAt(i))) {
                i++;
            }
            parts.add(orient(s.substring(start, i), reversed));
        }
    }

    private static String orient(String part, boolean reversed) {
        return reversed ? reverse(part) : part;
    }

    private static boolean affix(String s, String name, Params p) {
        Object which = p.required(0);
        String text = slice(s, p.get(1, null), p.get(2, null));
        List<Object> options = which instanceof Tuple t ? t.items() : List.of(which);
        for (Object option : options) {
            if (!(Py.text(option) instanceof String o)) {
                throw EvalError.type(name + " first arg must be str or a tuple of str, not " + Py.typeName(option));
            }
            if (name.equals("startswith") ? text.startsWith(o) : text.endsWith(o)) {
                return true;
            }
        }
        return false;
    }

    private static String slice(String s, Object start, Object end) {
        return start == null && end == null ? s : (String) Access.slice(s, start, end, null);
    }

    static String title(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean previousCased = false;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            boolean cased = Character.isUpperCase(c) || Character.isLowerCase(c) || Character.isTitleCase(c);
            out.appendCodePoint(!cased ? c : previousCased ? Character.toLowerCase(c) : Character.toTitleCase(c));
            previousCased = cased;
        }
        return out.toString();
    }

    static String capitalize(String s) {
        if (s.isEmpty()) {
            return s;
        }
        int first = s.codePointAt(0);
        int width = Character.charCount(first);
        return Character.toString(Character.toTitleCase(first)) + s.substring(width).toLowerCase(Locale.ROOT);
    }

    private static String swapcase(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> out.appendCodePoint(Character.isUpperCase(c) ? Character.toLowerCase(c)
                : Character.isLowerCase(c) ? Character.toUpperCase(c) : c));
        return out.toString();
    }

    private static boolean hasCase(String s, boolean lower) {
        boolean anyCased = false;
        for (int c : s.codePoints().toArray()) {
            if (lower ? Character.isUpperCase(c) || Character.isTitleCase(c) : Character.isLowerCase(c)
                    || Character.isTitleCase(c)) {
                return false;
            }
            anyCased |= Character.isUpperCase(c) || Character.isLowerCase(c);
        }
        return anyCased;
    }

    /** Python's {@code str.replace}, where an empty {@code old} inserts {@code new} around every character. */
    static String replace(Interpreter in, String s, String old, String replacement, long count) {
        long limit = count < 0 ? Long.MAX_VALUE : count;
        if (old.isEmpty()) {
            List<Object> chars = Py.characters(s);
            in.checkSize(s.length() + (long) replacement.length() * Math.min(limit, chars.size() + 1));
            StringBuilder out = new StringBuilder();
            long done = 0;
            for (Object c : chars) {
                if (done++ < limit) {
                    out.append(replacement);
                }
                out.append((String) c);
            }
            if (done < limit) {
                out.append(replacement);
            }
            return out.toString();
        }
        long occurrences = Math.min(limit, count(s, old));
        in.checkSize(s.length() + occurrences * (replacement.length() - old.length()));
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (long done = 0; done < occurrences; done++) {
            int at = s.indexOf(old, from);
            out.append(s, from, at).append(replacement);
            from = at + old.length();
        }
        return out.append(s, from, s.length()).toString();
    }

    private static long count(String s, String sub) {
        if (sub.isEmpty()) {
            return s.codePointCount(0, s.length()) + 1L;
        }
        long n = 0;
        for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) {
            n++;
        }
        return n;
    }

    private static long find(String s, String name, Params p) {
        p.required(0);
        String sub = string(p, 0, "must be str");
        int[] cps = s.codePoints().toArray();
        long start = p.has(1) && p.get(1, null) != null ? p.integer(1, 0) : 0;
        long end = p.has(2) && p.get(2, null) != null ? p.integer(2, cps.length) : cps.length;
        start = start < 0 ? Math.max(0, start + cps.length) : Math.min(start, cps.length);
        end = end < 0 ? Math.max(0, end + cps.length) : Math.min(end, cps.length);
        String window = start <= end ? new String(cps, (int) start, (int) (end - start)) : "";
        int at = name.startsWith("r") ? window.lastIndexOf(sub) : window.indexOf(sub);
        if (at < 0 || start > end) {
            if (name.endsWith("index")) {
                throw EvalError.value("substring not found");
            }
            return -1;
        }
        return start + window.codePointCount(0, at);
    }

    static String join(Interpreter in, String separator, List<Object> items) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            if (!(Py.text(items.get(i)) instanceof String item)) {
                throw EvalError.type("sequence item " + i + ": expected str instance, "
                        + Py.typeName(items.get(i)) + " found");
            }
            if (i > 0) {
                out.append(separator);
            }
            out.append(item);
            in.checkSize(out.length());
        }
        return out.toString();
    }

    /** Python's {@code str.splitlines}, with every line boundary Python knows. */
    static List<Object> splitLines(String s, boolean keepEnds) {
        List<Object> lines = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int width = c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n' ? 2 : 1;
            if ("\n\r\u000b\f\u001c\u001d\u001e\u0085\u2028\u2029".indexOf(c) >= 0) {
                lines.add(s.substring(start, keepEnds ? i + width : i));
                start = i + width;
            }
            i += width;
        }
        if (start < s.length()) {
            lines.add(s.substring(start));
        }
        return lines;
    }

    private static String zfill(String s, long width) {
        int length = s.codePointCount(0, s.length());
        if (width <= length) {
            return s;
        }
        String zeros = "0".repeat((int) (width - length));
        boolean signed = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-');
        return signed ? s.charAt(0) + zeros + s.substring(1) : zeros + s;
    }

    static String pad(Interpreter in, String s, String how, long width, String fill) {
        if (fill.codePointCount(0, fill.length()) != 1) {
            throw EvalError.type("The fill character must be exactly one character long");
        }
        int length = s.codePointCount(0, s.length());
        if (width <= length) {
            return s;
        }
        in.checkSize(width);
        int total = (int) (width - length);
        int left = switch (how) {
            case "ljust" -> 0;
            case "rjust" -> total;
            default -> (int) (total / 2 + (total & width & 1));
        };
        return fill.repeat(left) + s + fill.repeat(total - left);
    }

    private static Tuple partition(String s, String sep, boolean fromRight) {
        if (sep == null || sep.isEmpty()) {
            throw EvalError.value("empty separator");
        }
        int at = fromRight ? s.lastIndexOf(sep) : s.indexOf(sep);
        if (at < 0) {
            return fromRight ? Tuple.of("", "", s) : Tuple.of(s, "", "");
        }
        return Tuple.of(s.substring(0, at), sep, s.substring(at + sep.length()));
    }

    /** {@code str.format} with plain replacement fields: {@code {}}, {@code {0}}, {@code {name}}, no format spec. */
    private static String format(String s, List<Object> args, Map<String, Object> kw) {
        StringBuilder out = new StringBuilder();
        int auto = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c == '{' || c == '}') && i + 1 < s.length() && s.charAt(i + 1) == c) {
                out.append(c);
                i++;
            } else if (c == '{') {
                int close = s.indexOf('}', i);
                if (close < 0) {
                    throw EvalError.value("Single '{' encountered in format string");
                }
                String field = s.substring(i + 1, close);
                Object value;
                if (field.isEmpty()) {
                    value = positional(args, auto++);
                } else if (field.chars().allMatch(Character::isDigit)) {
                    value = positional(args, Integer.parseInt(field));
                } else if (kw.containsKey(field)) {
                    value = kw.get(field);
                } else {
                    throw new EvalError("KeyError", Py.repr(field));
                }
                out.append(Py.str(value));
                i = close;
            } else if (c == '}') {
                throw EvalError.value("Single '}' encountered in format string");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static Object positional(List<Object> args, int index) {
        if (index >= args.size()) {
            throw new EvalError("IndexError", "Replacement index " + index + " out of range for positional args "
                    + "tuple");
        }
        return args.get(index);
    }
}
