package dev.nemotron.runtime.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The pre-split against the Llama-3 regex itself: every expected split below is what Python's {@code regex}
 * module gives for {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}|
 * ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+}.
 */
class Llama3PreTokenizerTest {

    private static List<String> split(String text) {
        int[] cps = text.codePoints().toArray();
        IntList ends = new IntList();
        Llama3PreTokenizer.split(cps, 0, cps.length, ends);
        List<String> words = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < ends.size(); i++) {
            words.add(new String(cps, start, ends.get(i) - start));
            start = ends.get(i);
        }
        return words;
    }

    @Test
    void contractionsAreCaseInsensitive() {
        assertThat(split("I'LL we'Re")).containsExactly("I", "'LL", " we", "'Re");
    }

    @Test
    void digitsSplitInRunsOfAtMostThreeInAnyScript() {
        assertThat(split("1234567")).containsExactly("123", "456", "7");
        assertThat(split("٣٤٥٦ ½⅓")).containsExactly("٣٤٥", "٦", " ", "½⅓");
    }

    @Test
    void combiningMarksAreNotLetters() {
        assertThat(split("e\u0301t")).containsExactly("e", "\u0301t");
    }

    @Test
    void noBreakSpaceIsWhitespaceButInformationSeparatorsAreNot() {
        assertThat(split("a\u00A0\u00A0b")).containsExactly("a", "\u00A0", "\u00A0b");
        assertThat(split("x\u001C\u001Cy")).containsExactly("x", "\u001C\u001C", "y");
    }

    @Test
    void whitespaceBeforeALineBreakEndsAfterTheLastBreak() {
        assertThat(split("a\r\n\r\n  b")).containsExactly("a", "\r\n\r\n", " ", " b");
        assertThat(split("  \n x")).containsExactly("  \n", " x");
    }

    @Test
    void punctuationTakesOneLeadingSpaceAndTrailingLineBreaks() {
        assertThat(split("hello!!\n\nworld")).containsExactly("hello", "!!\n\n", "world");
        assertThat(split("  ?")).containsExactly(" ", " ?");
    }

    @Test
    void lettersAndDigitsNewInUnicode16AreNotLettersOrDigitsForLlamaCpp() {
        // llama.cpp's Unicode 15.1 tables leave U+1C89 (Cyrillic TJE) and U+16130 (Gurung Khema digit zero)
        // unassigned; its tokenizer splits them like punctuation, which is what this expectation records.
        String gurungDigit = Character.toString(0x16130);

        assertThat(split("a\u1C89b")).containsExactly("a", "\u1C89b");
        assertThat(split("1" + gurungDigit + "2")).containsExactly("1", gurungDigit, "2");
    }

    @Test
    void trailingWhitespaceStaysTogether() {
        assertThat(split("ab  ")).containsExactly("ab", "  ");
    }
}
