package dev.nemotron.runtime.template;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.nemotron.runtime.template.Token.Type;

/**
 * Splits a template into tokens the way jinja2's lexer does with {@code trim_blocks} and {@code lstrip_blocks}
 * on (the transformers settings): whitespace control signs, the newline after a block or comment tag, the
 * indentation before one, {@code raw} blocks and bracket balancing inside tags.
 */
final class Lexer {

    private static final Pattern FLOAT = Pattern.compile(
            "(?<!\\.)(\\d+_)*\\d+((\\.(\\d+_)*\\d+)?[eE][+\\-]?(\\d+_)*\\d+|\\.(\\d+_)*\\d+)");
    private static final Pattern INTEGER = Pattern.compile(
            "(0[bB](_?[01])+|0[oO](_?[0-7])+|0[xX](_?[\\da-fA-F])+|[1-9](_?\\d)*|0(_?0)*)");
    private static final Pattern RAW_BEGIN = Pattern.compile("\\{%([-+]?)\\s*raw\\s*(-%}|%})");
    private static final Pattern RAW_END = Pattern.compile("\\{%([-+]?)\\s*endraw\\s*(\\+%}|-%}|%})");
    private static final List<String> OPERATORS = List.of("//", "**", "==", "!=", ">=", "<=",
            "+", "-", "/", "*", "%", "~", "[", "]", "(", ")", "{", "}", ">", "<", "=", ".", ":", "|", ",", ";");

    private final SourceText source;
    private final String src;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private boolean lineStarting = true;

    private Lexer(SourceText source) {
        this.source = source;
        this.src = source.text();
    }

    static List<Token> tokenize(SourceText source) {
        Lexer lexer = new Lexer(source);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        while (pos < src.length()) {
            int tag = nextTagStart(pos);
            if (tag < 0) {
                data(src.substring(pos), pos);
                break;
            }
            char kind = src.charAt(tag + 1);
            Matcher raw = kind == '%' ? RAW_BEGIN.matcher(src).region(tag, src.length()) : null;
            boolean isRaw = raw != null && raw.lookingAt();
            char signChar = tag + 2 < src.length() ? src.charAt(tag + 2) : 0;
            String sign = signChar == '-' || signChar == '+' ? String.valueOf(signChar) : "";
            data(strip(src.substring(pos, tag), sign, kind != '{'), pos);
            if (isRaw) {
                pos = raw.end();
                if (raw.group(2).startsWith("-")) {
                    skipSpace();
                }
                rawBody(tag);
            } else if (kind == '#') {
                comment(tag, tag + 2 + sign.length());
            } else {
                tag(kind == '{' ? Type.VARIABLE_BEGIN : Type.BLOCK_BEGIN, tag, tag + 2 + sign.length());
            }
        }
        tokens.add(new Token(Type.EOF, "", null, src.length()));
    }

    private int nextTagStart(int from) {
        for (int i = src.indexOf('{', from); i >= 0 && i + 1 < src.length(); i = src.indexOf('{', i + 1)) {
            char c = src.charAt(i + 1);
            if (c == '{' || c == '%' || c == '#') {
                return i;
            }
        }
        return -1;
    }

    /** The text before a tag after the tag's whitespace control; {@code lstrip} is off for print tags. */
    private String strip(String text, String sign, boolean lstrip) {
        if (sign.equals("-")) {
            return Py.rstrip(text);
        }
        if (sign.isEmpty() && lstrip) {
            int lineStart = text.lastIndexOf('\n') + 1;
            if ((lineStart > 0 || lineStarting) && isBlank(text, lineStart)) {
                return text.substring(0, lineStart);
            }
        }
        return text;
    }

    private static boolean isBlank(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t') {
                return false;
            }
        }
        return true;
    }

    private void data(String text, int at) {
        if (!text.isEmpty()) {
            tokens.add(new Token(Type.DATA, text, null, at));
        }
    }

    private void rawBody(int begin) {
        Matcher end = RAW_END.matcher(src);
        if (!end.find(pos)) {
            throw error("Missing end of raw directive", begin);
        }
        lineStarting = pos > 0 && src.charAt(pos - 1) == '\n';
        data(strip(src.substring(pos, end.start()), end.group(1), true), pos);
        pos = end.end();
        afterTagEnd(end.group(2));
    }

    private void comment(int begin, int contentStart) {
        int close = src.indexOf("#}", contentStart);
        if (close < 0) {
            throw error("Missing end of comment tag", begin);
        }
        String sign = close - 1 >= contentStart && "-+".indexOf(src.charAt(close - 1)) >= 0
                ? String.valueOf(src.charAt(close - 1)) : "";
        pos = close + 2;
        afterTagEnd(sign + "#}");
    }

    /** Applies the whitespace control of a block or comment end that has just been consumed. */
    private void afterTagEnd(String end) {
        if (end.startsWith("-")) {
            skipSpace();
        } else if (!end.startsWith("+") && pos < src.length() && src.charAt(pos) == '\n') {
            pos++;
        }
        lineStarting = pos > 0 && src.charAt(pos - 1) == '\n';
    }

    private void skipSpace() {
        while (pos < src.length() && Py.isSpace(src.charAt(pos))) {
            pos++;
        }
    }

    private void tag(Type begin, int tagStart, int contentStart) {
        tokens.add(new Token(begin, src.substring(tagStart, contentStart), null, tagStart));
        pos = contentStart;
        Deque<Character> brackets = new ArrayDeque<>();
        String close = begin == Type.VARIABLE_BEGIN ? "}}" : "%}";
        Type endType = begin == Type.VARIABLE_BEGIN ? Type.VARIABLE_END : Type.BLOCK_END;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (brackets.isEmpty() && endOfTag(close, endType)) {
                return;
            }
            if (Py.isSpace(c)) {
                pos++;
            } else if (c == '"' || c == '\'') {
                string(c);
            } else if (Character.isDigit(c)) {
                number();
            } else if (c == '_' || Character.isLetter(c)) {
                name();
            } else {
                operator(brackets);
            }
        }
    }

    private boolean endOfTag(String close, Type endType) {
        int at = pos;
        if (src.startsWith("-" + close, pos)) {
            pos += 3;
            skipSpace();
        } else if (endType == Type.BLOCK_END && src.startsWith("+" + close, pos)) {
            pos += 3;
        } else if (src.startsWith(close, pos)) {
            pos += 2;
            if (endType == Type.BLOCK_END && pos < src.length() && src.charAt(pos) == '\n') {
                pos++;
            }
        } else {
            return false;
        }
        lineStarting = src.charAt(pos - 1) == '\n';
        tokens.add(new Token(endType, close, null, at));
        return true;
    }

    private void string(char quote) {
        int start = pos;
        int i = pos + 1;
        while (i < src.length() && src.charAt(i) != quote) {
            i += src.charAt(i) == '\\' ? 2 : 1;
        }
        if (i >= src.length()) {
            throw error("unexpected char " + Py.repr(String.valueOf(quote)) + " at " + start, start);
        }
        pos = i + 1;
        String raw = src.substring(start + 1, i);
        tokens.add(new Token(Type.STRING, decodeEscapes(raw, start), null, start));
    }

    /** Python's {@code unicode-escape} decoding, as jinja2 applies it to string literals. */
    private String decodeEscapes(String raw, int at) {
        if (raw.indexOf('\\') < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\' || i + 1 >= raw.length()) {
                out.append(c);
                continue;
            }
            char e = raw.charAt(++i);
            switch (e) {
                case '\n' -> { }
                case '\\', '\'', '"' -> out.append(e);
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000b');
                case 'x' -> i = hexEscape(raw, i, 2, out, at);
                case 'u' -> i = hexEscape(raw, i, 4, out, at);
                case 'U' -> i = hexEscape(raw, i, 8, out, at);
                case 'N' -> i = namedEscape(raw, i, out, at);
                default -> i = otherEscape(raw, i, out);
            }
        }
        return out.toString();
    }

    private int hexEscape(String raw, int i, int digits, StringBuilder out, int at) {
        String hex = raw.substring(i + 1, Math.min(raw.length(), i + 1 + digits));
        if (hex.length() < digits || !hex.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            throw error("truncated \\" + raw.charAt(i) + " escape in string literal", at);
        }
        long code = Long.parseLong(hex, 16);
        if (code > Character.MAX_CODE_POINT) {
            throw error("illegal Unicode character in string literal", at);
        }
        out.appendCodePoint((int) code);
        return i + digits;
    }

    private int namedEscape(String raw, int i, StringBuilder out, int at) {
        int close = raw.indexOf('}', i);
        if (i + 1 >= raw.length() || raw.charAt(i + 1) != '{' || close < 0) {
            throw error("malformed \\N character escape in string literal", at);
        }
        try {
            out.appendCodePoint(Character.codePointOf(raw.substring(i + 2, close)));
        } catch (IllegalArgumentException e) {
            throw error("unknown Unicode character name in string literal", at);
        }
        return close;
    }

    private static int otherEscape(String raw, int i, StringBuilder out) {
        char e = raw.charAt(i);
        if (e >= '0' && e <= '7') {
            int end = i;
            while (end < raw.length() && end < i + 3 && raw.charAt(end) >= '0' && raw.charAt(end) <= '7') {
                end++;
            }
            out.append((char) Integer.parseInt(raw.substring(i, end), 8));
            return end - 1;
        }
        out.append('\\');
        if (e > 0x7f) {
            // jinja2 first turns non-ASCII characters into backslash escapes, so "\é" decodes to "\xe9" text.
            out.append(Py.backslashEscape(e).substring(1));
        } else {
            out.append(e);
        }
        return i;
    }

    private void number() {
        Matcher m = FLOAT.matcher(src).region(pos, src.length()).useTransparentBounds(true);
        if (m.lookingAt()) {
            tokens.add(new Token(Type.FLOAT, m.group(), Double.parseDouble(m.group().replace("_", "")), pos));
            pos = m.end();
            return;
        }
        m = INTEGER.matcher(src).region(pos, src.length());
        if (!m.lookingAt()) {
            throw error("unexpected char " + Py.repr(src.substring(pos, pos + 1)) + " at " + pos, pos);
        }
        String digits = m.group().replace("_", "").toLowerCase();
        int radix = digits.startsWith("0b") ? 2 : digits.startsWith("0o") ? 8 : digits.startsWith("0x") ? 16 : 10;
        String body = radix == 10 ? digits : digits.substring(2);
        try {
            tokens.add(new Token(Type.INTEGER, m.group(), Long.parseLong(body, radix), pos));
        } catch (NumberFormatException e) {
            throw error("integer literal " + m.group() + " is out of the 64-bit range", pos);
        }
        pos = m.end();
    }

    private void name() {
        int start = pos;
        pos++;
        while (pos < src.length() && (src.charAt(pos) == '_' || Character.isLetterOrDigit(src.charAt(pos)))) {
            pos++;
        }
        tokens.add(new Token(Type.NAME, src.substring(start, pos), null, start));
    }

    private void operator(Deque<Character> brackets) {
        for (String op : OPERATORS) {
            if (src.startsWith(op, pos)) {
                balance(op.charAt(0), brackets);
                tokens.add(new Token(Type.OPERATOR, op, null, pos));
                pos += op.length();
                return;
            }
        }
        throw error("unexpected char " + Py.repr(src.substring(pos, pos + 1)) + " at " + pos, pos);
    }

    private void balance(char c, Deque<Character> brackets) {
        switch (c) {
            case '(' -> brackets.push(')');
            case '[' -> brackets.push(']');
            case '{' -> brackets.push('}');
            case ')', ']', '}' -> {
                if (brackets.isEmpty()) {
                    throw error("unexpected '" + c + "'", pos);
                }
                char expected = brackets.pop();
                if (expected != c) {
                    throw error("unexpected '" + c + "', expected '" + expected + "'", pos);
                }
            }
            default -> { }
        }
    }

    private TemplateException error(String message, int at) {
        return source.syntaxError(message, at);
    }
}
