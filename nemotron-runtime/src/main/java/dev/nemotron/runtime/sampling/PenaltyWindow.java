package dev.nemotron.runtime.sampling;

/**
 * The last N accepted tokens and how often each occurs among them, for llama.cpp's repetition, presence and
 * frequency penalties. A ring buffer plus a per-token count, so accepting a token and penalising are O(N)
 * without allocation.
 */
final class PenaltyWindow {

    private final int[] ring;
    private final int[] counts;
    private final int[] appliedInStep;
    private int start;
    private int size;
    private int step;

    PenaltyWindow(int lastN, int vocabularySize) {
        ring = new int[Math.max(lastN, 0)];
        counts = new int[vocabularySize];
        appliedInStep = new int[vocabularySize];
    }

    void accept(int token) {
        if (ring.length == 0) {
            return;
        }
        if (size == ring.length) {
            counts[ring[start]]--;
            ring[start] = token;
            start = (start + 1) % ring.length;
        } else {
            ring[(start + size) % ring.length] = token;
            size++;
        }
        counts[token]++;
    }

    void clear() {
        for (int i = 0; i < size; i++) {
            counts[ring[(start + i) % ring.length]] = 0;
        }
        start = 0;
        size = 0;
    }

    /** How often {@code token} occurs in the window. */
    int count(int token) {
        return counts[token];
    }

    /**
     * Penalises every token of the window once, on logits still in id order: a repeated token's logit is divided
     * by {@code repeat} when positive and multiplied by it when not (so it always moves down), then lowered by
     * {@code count * frequency + presence}.
     */
    void apply(float[] logitsById, float repeat, float frequency, float presence) {
        step++;
        for (int i = 0; i < size; i++) {
            int token = ring[(start + i) % ring.length];
            if (appliedInStep[token] == step) {
                continue;
            }
            appliedInStep[token] = step;
            float logit = logitsById[token];
            logit = logit <= 0 ? logit * repeat : logit / repeat;
            logitsById[token] = logit - counts[token] * frequency - presence;
        }
    }
}
