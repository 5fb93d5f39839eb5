package dev.nemotron.runtime.generate;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Finds the request's stop sequences in generated text as it streams. Text that could be the beginning of a stop
 * sequence is held back until the following text decides; everything else is passed on at once. The stop sequence
 * itself and whatever follows it are never passed on.
 *
 * <p>The result does not depend on how the text is cut into pieces: the stop reported is the one completed first
 * when reading left to right (of two completed by the same character, the longer), exactly as a character-by-
 * character reading would find it.
 */
public final class StopSequenceMatcher {

    /**
     * What one piece of text gave.
     *
     * @param text the text that may be passed on now (possibly empty)
     * @param stop the stop sequence that ended the generation, {@code null} while none has
     */
    public record Step(String text, @Nullable String stop) {

        /** Whether a stop sequence was found: generation ends here. */
        public boolean stopped() {
            return stop != null;
        }
    }

    private final List<String> stopSequences;
    private final StringBuilder held = new StringBuilder();
    private boolean stopped;

    /**
     * @throws IllegalArgumentException if a stop sequence is empty
     */
    public StopSequenceMatcher(List<String> stopSequences) {
        for (int i = 0; i < stopSequences.size(); i++) {
            if (stopSequences.get(i).isEmpty()) {
                throw new IllegalArgumentException("stop sequence " + i + " is empty");
            }
        }
        this.stopSequences = List.copyOf(stopSequences);
    }

    /**
     * Reads the next piece of generated text.
     *
     * @throws IllegalStateException once a stop sequence was found
     */
    public Step accept(String text) {
        if (stopped) {
            throw new IllegalStateException("a stop sequence was already found");
        }
        held.append(text);
        int matchEnd = Integer.MAX_VALUE;
        String match = null;
        for (String stop : stopSequences) {
            int start = held.indexOf(stop);
            int end = start + stop.length();
            boolean first = match == null || end < matchEnd || (end == matchEnd && stop.length() > match.length());
            if (start >= 0 && first) {
                matchEnd = end;
                match = stop;
            }
        }
        if (match != null) {
            stopped = true;
            String before = held.substring(0, matchEnd - match.length());
            held.setLength(0);
            return new Step(before, match);
        }
        int keep = longestPossibleStart();
        String released = held.substring(0, held.length() - keep);
        held.delete(0, held.length() - keep);
        return new Step(released, null);
    }

    /**
     * Releases the text still held back: at the end of the generation, or where the text is interrupted so that
     * no stop sequence can run across the gap (reading may go on afterwards). Empty after a stop.
     */
    public String finish() {
        String rest = held.toString();
        held.setLength(0);
        return rest;
    }

    /** Length of the longest end of the held text that begins some stop sequence. */
    private int longestPossibleStart() {
        int longest = 0;
        for (String stop : stopSequences) {
            for (int length = Math.min(stop.length() - 1, held.length()); length > longest; length--) {
                if (heldEndsWithStartOf(stop, length)) {
                    longest = length;
                    break;
                }
            }
        }
        return longest;
    }

    private boolean heldEndsWithStartOf(String stop, int length) {
        int offset = held.length() - length;
        for (int i = 0; i < length; i++) {
            if (held.charAt(offset + i) != stop.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
