package dev.nemotron.runtime.template;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * jinja2's filters ({@code x | name(args)}), with their Python behaviour, and transformers' {@code tojson}.
 * Filters that return a generator in jinja2 ({@code map}, {@code select}, ...) return a list here: the same
 * when iterated, joined or counted, which is how templates use them.
 */
final class Filters {

    private static final Set<String> NAMES = Set.of("abs", "attr", "batch", "capitalize", "center", "count", "d",
            "default", "dictsort", "e", "escape", "first", "float", "forceescape", "format", "indent", "int", "items",
            "join", "last", "length", "list", "lower", "map", "max", "min", "reject", "rejectattr", "replace",
            "reverse", "round", "safe", "select", "selectattr", "sort", "string", "sum", "title", "tojson", "trim",
            "unique", "upper", "wordcount");
    private static final Pattern WORD = Pattern.compile("\\w+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern WORD_BEGINNING = Pattern.compile("([-\\s(\\{\\[<]+)",
            Pattern.UNICODE_CHARACTER_CLASS);

    private Filters() {
    }

    static boolean exists(String name) {
        return NAMES.contains(name);
    }

    static Object apply(Interpreter in, String name, Object value, List<Object> args, Map<String, Object> kw) {
        return switch (name) {
            case "abs" -> abs(value, Params.of(name, args, kw));
            case "attr" -> Access.attribute(value instanceof Map<?, ?> ? Map.of() : value,
                    Params.of(name, args, kw, "name").string(0, ""));
            case "batch" -> lazy("do_batch", () -> batch(value, Params.of(name, args, kw, "linecount", "fill_with")));
            case "capitalize" -> like(value, Methods.capitalize(text(value, name, args, kw)));
            case "center" -> like(value, Methods.pad(in, Py.str(value), "center", Params.of(name, args, kw,
                    "width").integer(0, 80), " "));
            case "count", "length" -> noArgs(name, args, kw, Py.len(value));
            case "d", "default" -> byDefault(value, Params.of(name, args, kw, "default_value", "boolean"));
            case "dictsort" -> dictsort(value, Params.of(name, args, kw, "case_sensitive", "by", "reverse"));
            case "e", "escape" -> noArgs(name, args, kw, Markup.escape(value));
            case "forceescape" -> noArgs(name, args, kw, new Markup(Markup.html(Py.str(value))));
            case "first" -> edge(value, Params.of(name, args, kw), true);
            case "last" -> edge(value, Params.of(name, args, kw), false);
            case "float" -> toFloat(value, Params.of(name, args, kw, "default").get(0, 0.0));
            case "format" -> {
                if (!args.isEmpty() && !kw.isEmpty()) {
                    throw new EvalError("FilterArgumentError",
                            "can't handle positional and keyword arguments at the same time");
                }
                Object values = kw.isEmpty() ? new Tuple(args) : new java.util.LinkedHashMap<>(kw);
                String formatted = Printf.format(in, Py.str(value), values, value instanceof Markup);
                yield like(value, formatted);
            }
            case "indent" -> indent(value, Params.of(name, args, kw, "width", "first", "blank"));
            case "int" -> toInt(value, Params.of(name, args, kw, "default", "base"));
            case "items" -> lazy("do_items", () -> items(value, Params.of(name, args, kw)));
            case "join" -> join(in, value, Params.of(name, args, kw, "d", "attribute"));
            case "list" -> noArgs(name, args, kw, new ArrayList<>(Py.iterate(value)));
            case "lower" -> like(value, text(value, name, args, kw).toLowerCase(Locale.ROOT));
            case "upper" -> like(value, text(value, name, args, kw).toUpperCase(Locale.ROOT));
            case "title" -> title(text(value, name, args, kw));
            case "map" -> lazy("sync_do_map", () -> map(in, value, args, kw));
            case "max", "min" -> extreme(value, name.equals("max"), Params.of(name, args, kw, "case_sensitive",
                    "attribute"));
            case "select", "reject" -> lazy("select_or_reject", () -> select(in, value, name.equals("select"),
                    false, Params.variadic(name, args, kw)));
            case "selectattr", "rejectattr" -> lazy("select_or_reject", () -> select(in, value,
                    name.equals("selectattr"), true, Params.variadic(name, args, kw)));
            case "replace" -> {
                Params p = Params.of(name, args, kw, "old", "new", "count");
                Object count = p.get(2, null);
                yield Methods.replace(in, Py.str(value), Py.str(p.required(0)), Py.str(p.required(1)),
                        count == null ? -1 : p.integer(2, -1));
            }
            case "reverse" -> reverse(value, Params.of(name, args, kw));
            case "round" -> round(in, value, Params.of(name, args, kw, "precision", "method"));
            case "safe" -> noArgs(name, args, kw, value instanceof Markup ? value : new Markup(Py.str(value)));
            case "string" -> noArgs(name, args, kw, value instanceof Markup ? value : Py.str(value));
            case "sort" -> sort(value, Params.of(name, args, kw, "reverse", "case_sensitive", "attribute"));
            case "sum" -> sum(in, value, Params.of(name, args, kw, "attribute", "start"));
            case "tojson" -> tojson(value, Params.of(name, args, kw, "ensure_ascii", "indent", "separators",
                    "sort_keys"));
            case "trim" -> like(value, Py.strip(Py.str(value), Params.of(name, args, kw, "chars").string(0, null),
                    true, true));
            case "unique" -> lazy("sync_do_unique", () -> unique(value, Params.of(name, args, kw, "case_sensitive",
                    "attribute")));
            case "wordcount" -> {
                Matcher m = WORD.matcher(text(value, name, args, kw));
                long n = 0;
                while (m.find()) {
                    n++;
                }
                yield n;
            }
            default -> throw new EvalError("TemplateRuntimeError", "No filter named " + Py.repr(name) + " found.");
        };
    }

    /** A jinja2 generator filter: its work, failures included, happens when the result is first iterated. */
    private static Generator lazy(String function, java.util.function.Supplier<List<Object>> items) {
        return new Generator("generator", function, () -> items.get().iterator());
    }

    /** A string result of a filter on {@code original}: Markup again if the original was Markup, as in jinja2. */
    private static Object like(Object original, String result) {
        return original instanceof Markup ? new Markup(result) : result;
    }

    private static Object noArgs(String name, List<Object> args, Map<String, Object> kw, Object result) {
        Params.of(name, args, kw);
        return result;
    }

    private static String text(Object value, String name, List<Object> args, Map<String, Object> kw) {
        Params.of(name, args, kw);
        return Py.str(value);
    }

    private static Object abs(Object value, Params p) {
        return switch (value) {
            case Double d -> Math.abs(d);
            case null, default -> {
                if (!Py.isInt(value)) {
                    throw EvalError.type("bad operand type for abs(): " + Py.repr(Py.typeName(value)));
                }
                yield Math.abs(Py.toLong(value));
            }
        };
    }

    private static List<Object> batch(Object value, Params p) {
        long size = p.integer(0, 0);
        if (size <= 0) {
            throw EvalError.value("batch size must be positive");
        }
        boolean fill = p.has(1) && p.get(1, null) != null;
        List<Object> batches = new ArrayList<>();
        List<Object> current = new ArrayList<>();
        for (Object item : Py.iterate(value)) {
            current.add(item);
            if (current.size() == size) {
                batches.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            while (fill && current.size() < size) {
                current.add(p.get(1, null));
            }
            batches.add(current);
        }
        return batches;
    }

    private static Object byDefault(Object value, Params p) {
        boolean useDefault = value instanceof Undefined || (p.flag(1, false) && !Py.truthy(value));
        return useDefault ? p.get(0, "") : value;
    }

    private static Object dictsort(Object value, Params p) {
        if (value instanceof Undefined u) {
            throw u.fail();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new EvalError("AttributeError", Py.repr(Py.typeName(value)) + " object has no attribute 'items'");
        }
        boolean caseSensitive = p.flag(0, false);
        String by = p.string(1, "key");
        int position = switch (by) {
            case "key" -> 0;
            case "value" -> 1;
            default -> throw new EvalError("FilterArgumentError", "You can only sort by either \"key\" or \"value\"");
        };
        List<Object> pairs = new ArrayList<>();
        map.forEach((k, v) -> pairs.add(Tuple.of(k, v)));
        Comparator<Object> order = (a, b) -> Py.compare(folded(((Tuple) a).items().get(position), caseSensitive),
                folded(((Tuple) b).items().get(position), caseSensitive), "<");
        pairs.sort(p.flag(2, false) ? order.reversed() : order);
        return pairs;
    }

    private static Object folded(Object value, boolean caseSensitive) {
        return !caseSensitive && Py.isString(value) ? like(value, Py.text(value).toLowerCase(Locale.ROOT)) : value;
    }

    /** {@code next(iter(x))} for first; {@code next(reversed(x))} for last, which a generator cannot do. */
    private static Object edge(Object value, Params p, boolean first) {
        if (value instanceof Generator g) {
            if (!first) {
                throw EvalError.type(Py.repr(g.type()) + " object is not reversible");
            }
            return g.hasNext() ? g.next() : Undefined.because("No first item, sequence was empty.");
        }
        if (!first && !Py.isIterable(value)) {
            throw EvalError.type(Py.repr(Py.typeName(value)) + " object is not reversible");
        }
        List<Object> items = Py.iterate(value);
        if (items.isEmpty()) {
            return Undefined.because("No " + (first ? "first" : "last") + " item, sequence was empty.");
        }
        return first ? items.getFirst() : items.getLast();
    }

    private static Object toFloat(Object value, Object fallback) {
        return switch (value) {
            case Undefined u -> throw u.fail();
            case Double d -> d;
            case Long l -> (double) l;
            case Boolean b -> b ? 1.0 : 0.0;
            case String s -> {
                Double parsed = parseFloat(s);
                yield parsed != null ? parsed : fallback;
            }
            case Markup m -> toFloat(m.text(), fallback);
            case null, default -> fallback;
        };
    }

    /** Python's {@code float(str)}: surrounding whitespace, underscores between digits, inf and nan. */
    private static Double parseFloat(String s) {
        String t = Py.strip(s, null, true, true).toLowerCase(Locale.ROOT);
        String unsigned = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
        if (unsigned.equals("inf") || unsigned.equals("infinity") || unsigned.equals("nan")) {
            double v = unsigned.equals("nan") ? Double.NaN : Double.POSITIVE_INFINITY;
            return t.startsWith("-") ? -v : v;
        }
        if (!t.matches("[+-]?((\\d(_?\\d)*)?\\.?\\d(_?\\d)*|\\d(_?\\d)*\\.)(e[+-]?\\d(_?\\d)*)?")) {
            return null;
        }
        return Double.parseDouble(t.replace("_", ""));
    }

    private static Object toInt(Object value, Params p) {
        Object fallback = p.get(0, 0L);
        long base = p.integer(1, 10);
        if (Py.text(value) instanceof String s) {
            Long parsed = parseInt(s, base);
            if (parsed != null) {
                return parsed;
            }
            Double asFloat = parseFloat(s);
            return asFloat == null ? fallback : truncate(asFloat);
        }
        return switch (value) {
            case Undefined u -> throw u.fail();
            case Long l -> l;
            case Boolean b -> b ? 1L : 0L;
            case Double d -> truncate(d);
            case null, default -> fallback;
        };
    }

    /** Python's {@code int(str, base)}: sign, underscores between digits, a 0x/0o/0b prefix matching the base. */
    private static Long parseInt(String s, long base) {
        String t = Py.strip(s, null, true, true).toLowerCase(Locale.ROOT);
        boolean negative = t.startsWith("-");
        String digits = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
        long radix = base;
        for (String prefix : List.of("0x", "0o", "0b")) {
            long prefixRadix = prefix.equals("0x") ? 16 : prefix.equals("0o") ? 8 : 2;
            if (digits.startsWith(prefix) && (base == 0 || base == prefixRadix)) {
                digits = digits.substring(2).replaceFirst("^_", "");
                radix = prefixRadix;
            }
        }
        if (radix == 0) {
            radix = 10;
        }
        if (radix < 2 || radix > 36 || !digits.matches("[0-9a-z]+(_[0-9a-z]+)*")) {
            return null;
        }
        try {
            return Long.parseLong((negative ? "-" : "") + digits.replace("_", ""), (int) radix);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long truncate(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new EvalError(Double.isNaN(d) ? "ValueError" : "OverflowError",
                    "cannot convert float " + Py.floatRepr(d) + " to integer");
        }
        return (long) d;
    }

    private static Object indent(Object value, Params p) {
        Object width = p.get(0, 4L);
        String indentation = width instanceof String s ? s : " ".repeat((int) Math.max(0, p.integer(0, 4)));
        String s = indentable(value) + "\n";
        List<Object> lines = Methods.splitLines(s, false);
        StringBuilder out = new StringBuilder();
        if (p.flag(2, false)) {
            for (int i = 0; i < lines.size(); i++) {
                out.append(i > 0 ? "\n" + indentation : "").append((String) lines.get(i));
            }
        } else {
            out.append((String) lines.getFirst());
            for (int i = 1; i < lines.size(); i++) {
                String line = (String) lines.get(i);
                out.append('\n').append(line.isEmpty() ? "" : indentation).append(line);
            }
        }
        return like(value, p.flag(1, false) ? indentation + out : out.toString());
    }

    /** jinja2's indent appends a newline to its argument, which only a string survives. */
    private static String indentable(Object value) {
        return switch (value) {
            case String s -> s;
            case Markup m -> m.text();
            case Undefined u -> throw u.fail();
            case List<?> l -> throw new EvalError("AttributeError", "'list' object has no attribute 'splitlines'");
            case Tuple t -> throw EvalError.type("can only concatenate tuple (not \"str\") to tuple");
            case null, default -> throw EvalError.type("unsupported operand type(s) for +=: "
                    + Py.repr(Py.typeName(value)) + " and 'str'");
        };
    }

    private static List<Object> items(Object value, Params p) {
        if (value instanceof Undefined) {
            return List.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw EvalError.type("Can only get item pairs from a mapping.");
        }
        List<Object> pairs = new ArrayList<>(map.size());
        map.forEach((k, v) -> pairs.add(Tuple.of(k, v)));
        return pairs;
    }

    private static String join(Interpreter in, Object value, Params p) {
        String separator = Py.str(p.get(0, ""));
        List<Object> items = Py.iterate(value);
        if (p.has(1) && p.get(1, null) != null) {
            items = attributes(items, p.get(1, null), null);
        }
        List<Object> texts = new ArrayList<>(items.size());
        items.forEach(item -> texts.add(Py.str(item)));
        return Methods.join(in, separator, texts);
    }

    /** {@code "a.b.0"}-style attribute paths: each part is looked up as an item first, then an attribute. */
    private static List<Object> attributes(List<Object> items, Object attribute, Object fallback) {
        List<Object> values = new ArrayList<>(items.size());
        for (Object item : items) {
            values.add(attribute(item, attribute, fallback));
        }
        return values;
    }

    private static Object attribute(Object item, Object attribute, Object fallback) {
        Object value = item;
        List<Object> parts = attribute instanceof String s ? List.of((Object[]) s.split("\\.", -1))
                : List.of(attribute);
        for (Object part : parts) {
            Object key = part instanceof String s && s.matches("\\d+") ? (Object) Long.parseLong(s) : part;
            value = Access.item(value, key);
            if (value instanceof Undefined && fallback != null) {
                return fallback;
            }
        }
        return value;
    }

    private static String title(String s) {
        StringBuilder out = new StringBuilder();
        Matcher m = WORD_BEGINNING.matcher(s);
        int from = 0;
        while (m.find()) {
            titleWord(s.substring(from, m.start()), out);
            out.append(m.group());
            from = m.end();
        }
        titleWord(s.substring(from), out);
        return out.toString();
    }

    private static void titleWord(String word, StringBuilder out) {
        if (!word.isEmpty()) {
            int first = word.codePointAt(0);
            out.append(Character.toString(first).toUpperCase(Locale.ROOT))
                    .append(word.substring(Character.charCount(first)).toLowerCase(Locale.ROOT));
        }
    }

    private static List<Object> map(Interpreter in, Object value, List<Object> args, Map<String, Object> kw) {
        if (!Py.truthy(value)) {
            return List.of();
        }
        List<Object> items = Py.iterate(value);
        if (args.isEmpty() && kw.containsKey("attribute")) {
            Params p = Params.of("map", args, kw, "attribute", "default");
            return attributes(items, p.get(0, null), p.get(1, null));
        }
        if (args.isEmpty() || !(args.getFirst() instanceof String filter)) {
            throw new EvalError("FilterArgumentError", "map requires a filter argument");
        }
        if (!exists(filter)) {
            throw new EvalError("TemplateRuntimeError", "No filter named " + Py.repr(filter) + ".");
        }
        List<Object> mapped = new ArrayList<>(items.size());
        for (Object item : items) {
            mapped.add(apply(in, filter, item, args.subList(1, args.size()), kw));
        }
        return mapped;
    }

    private static Object extreme(Object value, boolean max, Params p) {
        List<Object> items = Py.iterate(value);
        if (items.isEmpty()) {
            return Undefined.because("No aggregated item, sequence was empty.");
        }
        boolean caseSensitive = p.flag(0, false);
        Object attribute = p.get(1, null);
        Object best = items.getFirst();
        for (Object item : items.subList(1, items.size())) {
            int c = Py.compare(sortKey(item, attribute, caseSensitive), sortKey(best, attribute, caseSensitive),
                    max ? ">" : "<");
            if (max ? c > 0 : c < 0) {
                best = item;
            }
        }
        return best;
    }

    private static Object sortKey(Object item, Object attribute, boolean caseSensitive) {
        return folded(attribute == null ? item : attribute(item, attribute, null), caseSensitive);
    }

    private static List<Object> select(Interpreter in, Object value, boolean keep, boolean byAttribute, Params p) {
        if (!Py.truthy(value)) {
            return List.of();
        }
        List<Object> rest = p.rest(0);
        int offset = byAttribute ? 1 : 0;
        if (byAttribute && rest.isEmpty()) {
            throw EvalError.type("selectattr() missing required argument 'attr'");
        }
        Object attribute = byAttribute ? rest.getFirst() : null;
        String test = rest.size() > offset ? Py.str(rest.get(offset)) : null;
        List<Object> testArgs = rest.size() > offset + 1 ? rest.subList(offset + 1, rest.size()) : List.of();
        if (test != null && !Tests.exists(test)) {
            throw new EvalError("TemplateRuntimeError", "No test named " + Py.repr(test) + ".");
        }
        List<Object> kept = new ArrayList<>();
        for (Object item : Py.iterate(value)) {
            Object probe = byAttribute ? attribute(item, attribute, null) : item;
            boolean passed = test == null ? Py.truthy(probe) : Tests.apply(in, test, probe, testArgs, p.keywords());
            if (passed == keep) {
                kept.add(item);
            }
        }
        return kept;
    }

    /** A reversed string, an iterator over a reversed sequence or mapping, or a generator's items reversed. */
    private static Object reverse(Object value, Params p) {
        String iterator = switch (value) {
            case String s -> null;
            case List<?> l -> "list_reverseiterator";
            case Map<?, ?> m -> "dict_reversekeyiterator";
            case DictView v -> "dict_reverse" + v.kind().substring(0, v.kind().length() - 1) + "iterator";
            case Tuple t -> "reversed";
            case Undefined u -> "reversed";
            case Generator g -> "list";
            case Markup m -> null;
            case null, default -> throw new EvalError("FilterArgumentError", "argument must be iterable");
        };
        if (Py.isString(value)) {
            return like(value, new StringBuilder(Py.text(value)).reverse().toString());
        }
        List<Object> items;
        try {
            items = new ArrayList<>(Py.iterate(value));
        } catch (EvalError e) {
            if (!e.kind().equals("TypeError")) {
                throw e;
            }
            throw new EvalError("FilterArgumentError", "argument must be iterable");
        }
        java.util.Collections.reverse(items);
        return iterator.equals("list") ? items : new Generator(iterator, null, items::iterator);
    }

    /** jinja2's {@code common} rounding is Python's {@code round}: half to even on the exact binary value. */
    private static Object round(Interpreter in, Object value, Params p) {
        long precision = p.integer(0, 0);
        String method = p.string(1, "common");
        if (!Set.of("common", "ceil", "floor").contains(method)) {
            throw new EvalError("FilterArgumentError", "method must be common, ceil or floor");
        }
        if (!method.equals("common")) {
            Object scale = Operators.binary("**", 10L, precision, in);
            Object scaled = Operators.binary("*", value, scale, in);
            if (!Py.isNumber(scaled)) {
                throw EvalError.type("must be real number, not " + Py.typeName(scaled));
            }
            double d = Py.toDouble(scaled);
            return (method.equals("ceil") ? Math.ceil(d) : Math.floor(d)) / Py.toDouble(scale);
        }
        if (!Py.isNumber(value)) {
            throw EvalError.type("type " + Py.typeName(value) + " doesn't define __round__ method");
        }
        if (Py.isInt(value)) {
            return Py.toLong(value);
        }
        double d = Py.toDouble(value);
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return d;
        }
        return new BigDecimal(d).setScale((int) precision, RoundingMode.HALF_EVEN).doubleValue();
    }

    private static Object sort(Object value, Params p) {
        boolean reverse = p.flag(0, false);
        boolean caseSensitive = p.flag(1, false);
        Object attribute = p.get(2, null);
        List<Object> items = new ArrayList<>(Py.iterate(value));
        Comparator<Object> order = (a, b) -> Py.compare(sortKey(a, attribute, caseSensitive),
                sortKey(b, attribute, caseSensitive), "<");
        items.sort(reverse ? order.reversed() : order);
        return items;
    }

    private static Object sum(Interpreter in, Object value, Params p) {
        Object attribute = p.get(0, null);
        Object total = p.get(1, 0L);
        for (Object item : Py.iterate(value)) {
            total = Operators.binary("+", total, attribute == null ? item : attribute(item, attribute, null), in);
        }
        return total;
    }

    private static Object tojson(Object value, Params p) {
        Object indent = p.get(1, null);
        String indentation = switch (indent) {
            case null -> null;
            case String s -> s;
            default -> " ".repeat((int) Math.max(0, p.integer(1, 0)));
        };
        Object separators = p.get(2, null);
        List<String> pair = null;
        if (separators != null) {
            List<Object> items = Py.iterate(separators);
            if (items.size() != 2 || !(items.get(0) instanceof String) || !(items.get(1) instanceof String)) {
                throw EvalError.value("separators must be a pair of strings");
            }
            pair = List.of((String) items.get(0), (String) items.get(1));
        }
        return Json.dumps(value, indentation, p.flag(0, false), pair, p.flag(3, false));
    }

    private static List<Object> unique(Object value, Params p) {
        boolean caseSensitive = p.flag(0, false);
        Object attribute = p.get(1, null);
        List<Object> seen = new ArrayList<>();
        List<Object> kept = new ArrayList<>();
        for (Object item : Py.iterate(value)) {
            Object key = sortKey(item, attribute, caseSensitive);
            if (seen.stream().noneMatch(k -> Py.equal(k, key))) {
                seen.add(Access.hashable(key));
                kept.add(item);
            }
        }
        return kept;
    }
}
