package dev.nemotron.runtime.template;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Python's printf-style string formatting, {@code 'text %s' % value} and the {@code format} filter: conversions
 * {@code s r a d i u f F e E g G x X o c %}, flags {@code - + space 0 #}, width, precision, {@code *}, and
 * {@code %(key)s} lookups in a mapping. A tuple supplies several values; anything else is one value.
 */
final class Printf {

    private final Interpreter in;
    private final String format;
    /** Markup formatting: the text of %s and %r values is HTML-escaped, as markupsafe does. */
    private final boolean escaping;
    private final List<Object> values;
    private final Map<?, ?> mapping;
    /** Python skips the "not all arguments converted" check for an argument with item access (not a tuple). */
    private final boolean indexable;
    private int next;
    private int pos;

    private Printf(Interpreter in, String format, Object args, boolean escaping) {
        this.in = in;
        this.format = format;
        this.escaping = escaping;
        this.values = args instanceof Tuple t ? t.items() : List.of(args == null ? NONE : args);
        this.mapping = args instanceof Map<?, ?> m ? m : null;
        this.indexable = args instanceof Map<?, ?> || args instanceof List<?>;
    }

    /** Stands for a None argument in the immutable argument list. */
    private static final Object NONE = new Object();

    static String format(Interpreter in, String format, Object args, boolean escaping) {
        Printf printf = new Printf(in, format, args, escaping);
        String out = printf.run();
        if (!printf.indexable && printf.next < printf.values.size()) {
            throw EvalError.type("not all arguments converted during string formatting");
        }
        return out;
    }

    private String run() {
        StringBuilder out = new StringBuilder();
        while (pos < format.length()) {
            char c = format.charAt(pos++);
            if (c != '%') {
                out.append(c);
                continue;
            }
            out.append(conversion());
            in.checkSize(out.length());
        }
        return out.toString();
    }

    private String conversion() {
        Object keyed = null;
        boolean hasKey = false;
        if (pos < format.length() && format.charAt(pos) == '(') {
            int close = format.indexOf(')', pos);
            if (close < 0) {
                throw EvalError.value("incomplete format key");
            }
            if (mapping == null) {
                throw EvalError.type("format requires a mapping");
            }
            String key = format.substring(pos + 1, close);
            if (!mapping.containsKey(key)) {
                throw new EvalError("KeyError", Py.repr(key));
            }
            keyed = mapping.get(key);
            hasKey = true;
            pos = close + 1;
        }
        String flags = "";
        while (pos < format.length() && "-+ 0#".indexOf(format.charAt(pos)) >= 0) {
            flags += format.charAt(pos++);
        }
        int width = number(-1);
        int precision = -1;
        if (pos < format.length() && format.charAt(pos) == '.') {
            pos++;
            precision = Math.max(0, number(0));
        }
        while (pos < format.length() && "hlL".indexOf(format.charAt(pos)) >= 0) {
            pos++;
        }
        if (pos >= format.length()) {
            throw EvalError.value("incomplete format");
        }
        char type = format.charAt(pos++);
        if (type == '%') {
            return "%";
        }
        Object value = hasKey ? keyed : nextValue();
        String body = convert(type, value, flags, precision);
        return pad(body, flags, width, type);
    }

    private int number(int absent) {
        if (pos < format.length() && format.charAt(pos) == '*') {
            pos++;
            Object v = nextValue();
            if (!Py.isInt(v)) {
                throw EvalError.type("* wants int");
            }
            in.checkSize(Math.abs(Py.toLong(v)));
            return (int) Py.toLong(v);
        }
        int begin = pos;
        while (pos < format.length() && Character.isDigit(format.charAt(pos))) {
            pos++;
        }
        if (pos == begin) {
            return absent;
        }
        long n = Long.parseLong(format.substring(begin, Math.min(pos, begin + 18)));
        in.checkSize(n);
        return (int) n;
    }

    private Object nextValue() {
        if (next >= values.size()) {
            throw EvalError.type("not enough arguments for format string");
        }
        Object v = values.get(next++);
        return v == NONE ? null : v;
    }

    private String convert(char type, Object value, String flags, int precision) {
        return switch (type) {
            case 's' -> cut(escaping ? Markup.escapedText(value) : Py.str(value), precision);
            case 'r', 'a' -> cut(escaping ? Markup.html(Py.repr(value)) : Py.repr(value), precision);
            case 'd', 'i', 'u' -> sign(Long.toString(integer(value, type)), flags);
            case 'x', 'X', 'o' -> radix(value, type, flags);
            case 'f', 'F', 'e', 'E', 'g', 'G' -> floating(real(value, type), type, flags, precision);
            case 'c' -> character(value);
            default -> throw EvalError.value("unsupported format character " + Py.repr(String.valueOf(type)) + " (0x"
                    + Integer.toHexString(type) + ") at index " + (pos - 1));
        };
    }

    private static String cut(String s, int precision) {
        return precision >= 0 && precision < s.length() ? s.substring(0, precision) : s;
    }

    private static long integer(Object value, char type) {
        if (Py.isInt(value)) {
            return Py.toLong(value);
        }
        if (value instanceof Double d) {
            return (long) (double) d;
        }
        throw EvalError.type("%" + type + " format: a real number is required, not " + Py.typeName(value));
    }

    private static double real(Object value, char type) {
        if (!Py.isNumber(value)) {
            throw EvalError.type("must be real number, not " + Py.typeName(value));
        }
        return Py.toDouble(value);
    }

    private static String sign(String digits, String flags) {
        if (digits.startsWith("-")) {
            return digits;
        }
        return flags.contains("+") ? "+" + digits : flags.contains(" ") ? " " + digits : digits;
    }

    private static String radix(Object value, char type, String flags) {
        if (!Py.isInt(value)) {
            throw EvalError.type("%" + type + " format: an integer is required, not " + Py.typeName(value));
        }
        long v = Py.toLong(value);
        String digits = Long.toString(Math.abs(v), type == 'o' ? 8 : 16);
        if (type == 'X') {
            digits = digits.toUpperCase(Locale.ROOT);
        }
        if (flags.contains("#")) {
            digits = (type == 'o' ? "0o" : type == 'x' ? "0x" : "0X") + digits;
        }
        return sign((v < 0 ? "-" : "") + digits, flags);
    }

    private static String floating(double d, char type, String flags, int precision) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            String word = Double.isNaN(d) ? "nan" : d > 0 ? "inf" : "-inf";
            return sign(Character.isUpperCase(type) ? word.toUpperCase(Locale.ROOT) : word, flags);
        }
        int p = precision < 0 ? 6 : precision;
        String text = switch (Character.toLowerCase(type)) {
            case 'f' -> new BigDecimal(d).setScale(p, RoundingMode.HALF_EVEN).toPlainString();
            case 'e' -> scientific(d, p);
            default -> general(d, p == 0 ? 1 : p, flags.contains("#"));
        };
        if (d == 0 && 1 / d < 0 && !text.startsWith("-")) {
            text = "-" + text;
        }
        return sign(Character.isUpperCase(type) ? text.toUpperCase(Locale.ROOT) : text, flags);
    }

    /** {@code d.ddde+XX} with {@code p} digits after the point, rounded half-even on the exact binary value. */
    private static String scientific(double d, int p) {
        if (d == 0) {
            return (p > 0 ? "0." + "0".repeat(p) : "0") + "e+00";
        }
        BigDecimal exact = new BigDecimal(d);
        BigDecimal rounded = exact.round(new java.math.MathContext(p + 1, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        String digits = rounded.unscaledValue().abs().toString();
        digits = (digits + "0".repeat(p + 1)).substring(0, p + 1);
        String mantissa = digits.charAt(0) + (p > 0 ? "." + digits.substring(1) : "");
        return (d < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    }

    /** {@code %g}: scientific when the exponent is below -4 or at least the precision; trailing zeros dropped. */
    private static String general(double d, int p, boolean keepZeros) {
        String sci = scientific(d, p - 1);
        int exponent = Integer.parseInt(sci.substring(sci.indexOf('e') + 1));
        String text = exponent < -4 || exponent >= p ? sci
                : new BigDecimal(d).setScale(Math.max(0, p - 1 - exponent), RoundingMode.HALF_EVEN).toPlainString();
        if (keepZeros) {
            return text;
        }
        int e = text.indexOf('e');
        String mantissa = e < 0 ? text : text.substring(0, e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceFirst("0+$", "").replaceFirst("\\.$", "");
        }
        return e < 0 ? mantissa : mantissa + text.substring(e);
    }

    private static String character(Object value) {
        String s = Py.text(value);
        if (s != null && s.codePointCount(0, s.length()) == 1) {
            return s;
        }
        if (Py.isInt(value)) {
            return Character.toString((int) Py.toLong(value));
        }
        throw EvalError.type("%c requires an int or a unicode character, not " + Py.typeName(value));
    }

    private static String pad(String body, String flags, int width, char type) {
        if (width <= body.length()) {
            return body;
        }
        int fill = width - body.length();
        if (flags.contains("-")) {
            return body + " ".repeat(fill);
        }
        if (flags.contains("0") && "diuoxXeEfFgG".indexOf(type) >= 0) {
            int signLength = body.startsWith("-") || body.startsWith("+") || body.startsWith(" ") ? 1 : 0;
            if (body.startsWith("0x", signLength) || body.startsWith("0X", signLength)
                    || body.startsWith("0o", signLength)) {
                signLength += 2;
            }
            return body.substring(0, signLength) + "0".repeat(fill) + body.substring(signLength);
        }
        return " ".repeat(fill) + body;
    }
}
