package dev.nemotron.runtime.tokenizer;

import java.util.Arrays;

/**
 * llama.cpp's {@code clean_spaces} pass of detokenization (the {@code clean_up_tokenization_spaces} of Hugging
 * Face): removes the space before {@code ? ! . ,}, the spaces around a lone apostrophe, and the space before the
 * contractions {@code 's 'm 're 've}.
 */
final class SpaceCleaner {

    private SpaceCleaner() {
    }

    static byte[] clean(byte[] text) {
        return contractions(loneApostrophes(punctuation(text)));
    }

    private static byte[] punctuation(byte[] in) {
        byte[] out = new byte[in.length];
        int n = 0;
        for (int i = 0; i < in.length; i++) {
            byte x = in[i];
            if (i > 0 && in[i - 1] == ' ' && (x == '?' || x == '!' || x == '.' || x == ',')) {
                n--;
            }
            out[n++] = x;
        }
        return Arrays.copyOf(out, n);
    }

    private static byte[] loneApostrophes(byte[] in) {
        byte[] out = new byte[in.length];
        int n = 0;
        // llama.cpp blanks the skipped space in place, so the byte after it never sees a space before it.
        boolean previousWasSkipped = false;
        for (int i = 0; i < in.length; i++) {
            byte x = in[i];
            boolean spaceBefore = i > 0 && !previousWasSkipped && in[i - 1] == ' ';
            previousWasSkipped = false;
            if (x == '\'' && spaceBefore && i + 1 < in.length && in[i + 1] == ' ') {
                n--;
                i++;
                previousWasSkipped = true;
            }
            out[n++] = x;
        }
        return Arrays.copyOf(out, n);
    }

    private static byte[] contractions(byte[] in) {
        byte[] out = new byte[in.length];
        int n = 0;
        for (int i = 0; i < in.length; i++) {
            byte x = in[i];
            if (i > 0 && in[i - 1] == ' ' && x == '\'' && i + 1 < in.length) {
                byte x1 = in[i + 1];
                boolean twoLetter = i + 2 < in.length
                        && ((x1 == 'r' && in[i + 2] == 'e') || (x1 == 'v' && in[i + 2] == 'e'));
                if (x1 == 's' || x1 == 'm' || twoLetter) {
                    n--;
                }
            }
            out[n++] = x;
        }
        return Arrays.copyOf(out, n);
    }
}
