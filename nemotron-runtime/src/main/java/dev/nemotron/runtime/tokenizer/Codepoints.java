package dev.nemotron.runtime.tokenizer;

/**
 * The Unicode classes llama.cpp's pre-tokenizers look at: letter ({@code \p{L}}), number ({@code \p{N}}) and
 * whitespace ({@code \s}).
 *
 * <p>Letters and numbers come from the JDK's general categories, which is what llama.cpp's generated tables hold
 * as well (combining marks {@code M*} are not letters). Whitespace is the Unicode {@code White_Space} property that
 * llama.cpp tabulates, not {@link Character#isWhitespace}: that one excludes the no-break spaces U+00A0, U+2007 and
 * U+202F and includes the information separators U+001C..U+001F.
 *
 * <p>llama.cpp's tables are Unicode 15.1; JDK 25 knows Unicode 16.0. The letters and numbers that 16.0 added are
 * unassigned for llama.cpp, which treats them like punctuation, so they are listed below and classed that way.
 * Every assigned code point was checked against llama.cpp (the golden set's build) through its tokenizer.
 */
final class Codepoints {

    private static final int LETTER = 1;
    private static final int NUMBER = 2;
    private static final int WHITESPACE = 4;

    /**
     * Inclusive ranges of the letters and numbers new in Unicode 16.0 (Garay, Gurung Khema, Kirat Rai, Ol Onal,
     * Sunuwar, Todhri, Tulu-Tigalari, Egyptian hieroglyphs extension A, …), which llama.cpp does not know.
     */
    private static final int[] UNICODE_16_LETTERS_AND_NUMBERS = {
        0x1C89, 0x1C8A, 0xA7CB, 0xA7CD, 0xA7DA, 0xA7DC, 0x105C0, 0x105F3, 0x10D40, 0x10D65, 0x10D6F, 0x10D85,
        0x10EC2, 0x10EC4, 0x11380, 0x11389, 0x1138B, 0x1138B, 0x1138E, 0x1138E, 0x11390, 0x113B5, 0x113B7, 0x113B7,
        0x113D1, 0x113D1, 0x113D3, 0x113D3, 0x116D0, 0x116E3, 0x11BC0, 0x11BE0, 0x11BF0, 0x11BF9, 0x13460, 0x143FA,
        0x16100, 0x1611D, 0x16130, 0x16139, 0x16D40, 0x16D6C, 0x16D70, 0x16D79, 0x18CFF, 0x18CFF, 0x1CCF0, 0x1CCF9,
        0x1E5D0, 0x1E5ED, 0x1E5F0, 0x1E5FA
    };

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
        int bits = isNewInUnicode16(c) ? 0 : switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER -> LETTER;
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> NUMBER;
            default -> 0;
        };
        return isWhiteSpaceProperty(c) ? bits | WHITESPACE : bits;
    }

    private static boolean isNewInUnicode16(int c) {
        for (int i = 0; i < UNICODE_16_LETTERS_AND_NUMBERS.length; i += 2) {
            if (c < UNICODE_16_LETTERS_AND_NUMBERS[i]) {
                return false;
            }
            if (c <= UNICODE_16_LETTERS_AND_NUMBERS[i + 1]) {
                return true;
            }
        }
        return false;
    }

    private static boolean isWhiteSpaceProperty(int c) {
        return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680
                || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F
                || c == 0x3000;
    }
}
