package dev.nemotron.runtime.tokenizer;

/**
 * Splits text into the pre-tokens of the Llama-3 pattern
 * {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|
 * \s+(?!\S)|\s+}, the way llama.cpp's hand-written splitter matches it (the {@code pixtral}, {@code llama-bpe} and
 * {@code llama3} GGUF pre-tokenizers).
 *
 * <p>The alternatives are tried in order at each position and the first one that matches wins; no regex engine
 * is involved. Where the hand-written matcher and a backtracking regex could disagree, this class follows
 * llama.cpp: a whitespace run that contains a line break ends right after its last {@code \r} or {@code \n}, and
 * the contraction check lower-cases the letters after the apostrophe.
 */
final class Llama3PreTokenizer {

    private Llama3PreTokenizer() {
    }

    /** Appends the end offset of every pre-token of {@code cps[from, to)} to {@code ends}. */
    static void split(int[] cps, int from, int to, IntList ends) {
        int pos = from;
        while (pos < to) {
            pos = matchEnd(cps, pos, to);
            ends.add(pos);
        }
    }

    private static int matchEnd(int[] cps, int pos, int to) {
        int c = cps[pos];
        int end = contraction(cps, pos, to);
        if (end > 0) {
            return end;
        }
        if (c != '\r' && c != '\n' && !Codepoints.isNumber(c)
                && (Codepoints.isLetter(c) || (pos + 1 < to && Codepoints.isLetter(cps[pos + 1])))) {
            return skipLetters(cps, pos + 1, to);
        }
        if (Codepoints.isNumber(c)) {
            int p = pos;
            while (p < to && p - pos < 3 && Codepoints.isNumber(cps[p])) {
                p++;
            }
            return p;
        }
        if (c == ' ' ? pos + 1 >= to || isSymbol(cps[pos + 1]) : isSymbol(c)) {
            int p = c == ' ' ? pos + 1 : pos;
            while (p < to && isSymbol(cps[p])) {
                p++;
            }
            while (p < to && (cps[p] == '\r' || cps[p] == '\n')) {
                p++;
            }
            return p;
        }
        return whitespaceEnd(cps, pos, to);
    }

    /** {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)}: the end of the contraction at {@code pos}, or 0. */
    private static int contraction(int[] cps, int pos, int to) {
        if (cps[pos] != '\'' || pos + 1 >= to) {
            return 0;
        }
        int next = Character.toLowerCase(cps[pos + 1]);
        if (next == 's' || next == 't' || next == 'm' || next == 'd') {
            return pos + 2;
        }
        if (pos + 2 < to) {
            int after = Character.toLowerCase(cps[pos + 2]);
            if ((next == 'r' && after == 'e') || (next == 'v' && after == 'e') || (next == 'l' && after == 'l')) {
                return pos + 3;
            }
        }
        return 0;
    }

    private static int skipLetters(int[] cps, int p, int to) {
        while (p < to && Codepoints.isLetter(cps[p])) {
            p++;
        }
        return p;
    }

    /** {@code [^\s\p{L}\p{N}]}: punctuation, symbols, marks, controls and unassigned code points. */
    private static boolean isSymbol(int c) {
        return !Codepoints.isWhitespace(c) && !Codepoints.isLetter(c) && !Codepoints.isNumber(c);
    }

    /** {@code \s*[\r\n]+|\s+(?!\S)|\s+}, or a single code point when nothing matched. */
    private static int whitespaceEnd(int[] cps, int pos, int to) {
        int p = pos;
        int afterLastLineBreak = -1;
        while (p < to && Codepoints.isWhitespace(cps[p])) {
            if (cps[p] == '\r' || cps[p] == '\n') {
                afterLastLineBreak = p + 1;
            }
            p++;
        }
        if (afterLastLineBreak > 0) {
            return afterLastLineBreak;
        }
        int run = p - pos;
        if (run > 1 && p < to) {
            return p - 1;
        }
        return run > 0 ? p : pos + 1;
    }
}
