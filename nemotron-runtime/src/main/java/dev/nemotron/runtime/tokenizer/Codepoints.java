package dev.nemotron.runtime.tokenizer;

/**
 * The Unicode classes llama.cpp's pre-tokenizers look at: letter ({@code \p{L}}), number ({@code \p{N}}) and
 * whitespace ({@code \s}).
 *
 * <p>Letters and numbers come from the JDK's general categories, which is what llama.cpp's generated tables hold
 * as well (combining marks {@code M*} are not letters). Whitespace is the Unicode {@code White_Space} property that
 * llama.cpp tabulates, not {@link Character#isWhitespace}: that one excludes the no-break spaces U+00A0, U+2007 and
 * U+202F and includes the information separators U+001C..U+001F. The JDK may know a few code points that the
 * Unicode version of llama.cpp's tables leaves unassigned; those differ only in whether they count as letter or
 * number.
 */
final class Codepoints {

    private static final int LETTER = 1;
    private static final int NUMBER = 2;
    private static final int WHITESPACE = 4;

    /** Class bits of the Basic Multilingual Plane, computed once: the pre-split asks for every code point. */
    private static final byte[] BMP = new byte[0x10000];

    static {
        for (int c = 0; c < BMP.length; c++) {
            BMP[c] = (byte) compute(c);
        }
    }

    private Codepoints() {
    }

    static boolean isLetter(int c) {
        return (classOf(c) & LETTER) != 0;
    }

    static boolean isNumber(int c) {
        return (classOf(c) & NUMBER) != 0;
    }

    static boolean isWhitespace(int c) {
        return (classOf(c) & WHITESPACE) != 0;
    }

    private static int classOf(int c) {
        return c >= 0 && c < BMP.length ? BMP[c] : compute(c);
    }

    private static int compute(int c) {
        int bits = switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER -> LETTER;
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> NUMBER;
            default -> 0;
        };
        return isWhiteSpaceProperty(c) ? bits | WHITESPACE : bits;
    }

    private static boolean isWhiteSpaceProperty(int c) {
        return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680
                || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F
                || c == 0x3000;
    }
}
