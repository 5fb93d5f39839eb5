package dev.nemotron.runtime.tokenizer;

import java.util.Arrays;

/**
 * GPT-2's reversible map between bytes and printable code points: byte-level BPE vocabularies spell every byte
 * as one visible character (space is {@code Ġ}, newline {@code Ċ}), so merges never see control bytes.
 */
public final class ByteLevel {

    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE = new int[512];

    static {
        Arrays.fill(CHAR_TO_BYTE, -1);
        int shifted = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = printable ? (char) b : (char) (256 + shifted++);
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = b;
        }
    }

    private ByteLevel() {
    }

    /** The character that spells byte {@code b} (any of its 8 low bits). */
    public static char encode(int b) {
        return BYTE_TO_CHAR[b & 0xFF];
    }

    /** The byte spelled by code point {@code c}, or -1 if {@code c} spells none. */
    public static int decode(int c) {
        return c >= 0 && c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
    }
}
