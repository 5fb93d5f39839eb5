package dev.nemotron.runtime.generate;

import java.util.List;

/**
 * Streams text while watching for stop sequences: text that could still turn into the start of a stop sequence
 * is held back until the next piece shows whether it does.
 */
final class StopSequenceFilter {

    private final List<String> stops;
    private final StringBuilder pending = new StringBuilder();
    private boolean stopped;

    StopSequenceFilter(List<String> stops) {
        this.stops = stops.stream().filter(s -> !s.isEmpty()).toList();
    }

    /** Adds a piece; returns the text now safe to emit. After a stop sequence, everything before it. */
    String accept(String piece) {
        if (stopped) {
            return "";
        }
        pending.append(piece);
        int earliest = -1;
        for (String stop : stops) {
            int at = pending.indexOf(stop);
            if (at >= 0 && (earliest < 0 || at < earliest)) {
                earliest = at;
            }
        }
        if (earliest >= 0) {
            stopped = true;
            String out = pending.substring(0, earliest);
            pending.setLength(0);
            return out;
        }
        int keep = heldBack();
        String out = pending.substring(0, pending.length() - keep);
        pending.delete(0, pending.length() - keep);
        return out;
    }

    /** Whether a stop sequence has appeared. */
    boolean stopped() {
        return stopped;
    }

    /** The held-back text, at the end of generation. */
    String finish() {
        String out = stopped ? "" : pending.toString();
        pending.setLength(0);
        return out;
    }

    /** Length of the longest suffix of the pending text that is a proper prefix of a stop sequence. */
    private int heldBack() {
        int best = 0;
        String text = pending.toString();
        for (String stop : stops) {
            for (int n = Math.min(stop.length() - 1, text.length()); n > best; n--) {
                if (text.regionMatches(text.length() - n, stop, 0, n)) {
                    best = n;
                    break;
                }
            }
        }
        return best;
    }
}
