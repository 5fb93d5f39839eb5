package dev.nemotron.runtime.tokenizer;

/**
 * Turns a stream of byte chunks (token pieces) into text without ever emitting a broken character: the bytes of
 * an unfinished UTF-8 sequence are held until it completes. A sequence that can no longer complete becomes one
 * U+FFFD per maximal invalid subpart (the Unicode recommendation, as the JDK's decoder does it), and so does an
 * unfinished sequence at {@link #finish()}.
 *
 * <p>Not thread-safe: one decoder per stream.
 */
public final class Utf8StreamDecoder {

    private static final char REPLACEMENT = '\uFFFD';

    private int pendingLength;
    private int expectedLength;
    private int lead;
    private int codepoint;

    /** The text completed by {@code bytes}, possibly empty. */
    public String decode(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            accept(b & 0xFF, out);
        }
        return out.toString();
    }

    /** Whether bytes of an unfinished character are held. */
    public boolean hasPending() {
        return pendingLength > 0;
    }

    /** Ends the stream: an unfinished character becomes U+FFFD. The decoder is then ready for a new stream. */
    public String finish() {
        if (pendingLength == 0) {
            return "";
        }
        pendingLength = 0;
        return String.valueOf(REPLACEMENT);
    }

    private void accept(int b, StringBuilder out) {
        if (pendingLength > 0) {
            if (isValidContinuation(b)) {
                codepoint = (codepoint << 6) | (b & 0x3F);
                if (++pendingLength == expectedLength) {
                    out.appendCodePoint(codepoint);
                    pendingLength = 0;
                }
                return;
            }
            out.append(REPLACEMENT);
            pendingLength = 0;
        }
        start(b, out);
    }

    private void start(int b, StringBuilder out) {
        if (b < 0x80) {
            out.append((char) b);
            return;
        }
        if (b >= 0xC2 && b <= 0xDF) {
            expectedLength = 2;
            codepoint = b & 0x1F;
        } else if (b >= 0xE0 && b <= 0xEF) {
            expectedLength = 3;
            codepoint = b & 0x0F;
        } else if (b >= 0xF0 && b <= 0xF4) {
            expectedLength = 4;
            codepoint = b & 0x07;
        } else {
            out.append(REPLACEMENT);
            return;
        }
        lead = b;
        pendingLength = 1;
    }

    /** The second byte's range depends on the lead byte: it excludes overlong forms, surrogates and > U+10FFFF. */
    private boolean isValidContinuation(int b) {
        if (pendingLength == 1) {
            return switch (lead) {
                case 0xE0 -> b >= 0xA0 && b <= 0xBF;
                case 0xED -> b >= 0x80 && b <= 0x9F;
                case 0xF0 -> b >= 0x90 && b <= 0xBF;
                case 0xF4 -> b >= 0x80 && b <= 0x8F;
                default -> b >= 0x80 && b <= 0xBF;
            };
        }
        return b >= 0x80 && b <= 0xBF;
    }
}
