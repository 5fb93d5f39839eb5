package dev.nemotron.runtime.sampling;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The candidate tokens of one sampling step ({@code llama_token_data_array}): ids with their logits, narrowed by
 * each sampler in turn. All buffers are allocated once for the vocabulary size and reused for every token.
 *
 * <p>Sorting packs (logit, id) into one {@code long} whose natural order is logit descending then id ascending,
 * so a primitive sort does it without comparators or boxing, and ties go to the lower id.
 */
final class Candidates {

    final int[] ids;
    final float[] logits;
    private final float[] weights;
    private final long[] keys;
    private int size;
    private boolean sorted;

    Candidates(int capacity) {
        ids = new int[capacity];
        logits = new float[capacity];
        weights = new float[capacity];
        keys = new long[capacity];
    }

    /** Every token, in id order, with the model's logits. */
    void load(float[] source) {
        if (source.length != ids.length) {
            throw new IllegalArgumentException("logits have " + source.length + " entries, the sampler expects "
                    + ids.length);
        }
        for (int i = 0; i < source.length; i++) {
            ids[i] = i;
        }
        System.arraycopy(source, 0, logits, 0, source.length);
        size = source.length;
        sorted = false;
    }

    int size() {
        return size;
    }

    /** Keeps the {@code k} highest logits, sorted; {@code k <= 0} keeps all. */
    void topK(int k) {
        if (k <= 0 || k >= size) {
            return;
        }
        packKeys();
        select(keys, 0, size - 1, k);
        size = k;
        Arrays.sort(keys, 0, size);
        unpackKeys();
    }

    /** Sorts by logit, highest first (ties: lower id first). */
    void sort() {
        if (sorted) {
            return;
        }
        packKeys();
        Arrays.sort(keys, 0, size);
        unpackKeys();
    }

    /**
     * Keeps the most likely tokens until their probability reaches {@code p} (at least {@code minKeep}), sorted.
     *
     * <p>The nucleus is usually a few dozen tokens of a vocabulary of a hundred thousand, so instead of sorting
     * everything this sorts a selected prefix of the most likely tokens, four times longer each round, until the
     * prefix holds the mass.
     */
    void topP(double p, int minKeep) {
        if (p >= 1.0 || size == 0) {
            return;
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            max = Math.max(max, logits[i]);
        }
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += Math.exp(logits[i] - max);
        }
        if (!sorted) {
            packKeys();
        }
        for (int prefix = Math.min(64, size); ; prefix = Math.min(prefix * 4, size)) {
            if (!sorted) {
                select(keys, 0, size - 1, prefix);
                Arrays.sort(keys, 0, prefix);
            }
            int kept = nucleus(prefix, p, minKeep, max, sum);
            if (kept > 0 || prefix == size) {
                size = kept > 0 ? kept : size;
                if (!sorted) {
                    unpackKeys();
                }
                sorted = true;
                return;
            }
        }
    }

    /** How many of the first {@code prefix} sorted candidates reach mass {@code p}, or 0 if they do not. */
    private int nucleus(int prefix, double p, int minKeep, float max, double sum) {
        double cumulative = 0;
        for (int i = 0; i < prefix; i++) {
            float logit = sorted ? logits[i] : logitOfKey(keys[i]);
            cumulative += (float) (Math.exp(logit - max) / sum);
            if (cumulative >= p && i + 1 >= minKeep) {
                return i + 1;
            }
        }
        return 0;
    }

    /**
     * Drops tokens whose probability is below {@code p} times the top one's, kept in their order; compared on
     * logits, {@code logit >= max + ln p}, as llama.cpp does, so no softmax is needed.
     */
    void minP(double p, int minKeep) {
        if (p <= 0 || size == 0) {
            return;
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            max = Math.max(max, logits[i]);
        }
        float threshold = (float) (max + Math.log(p));
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (logits[i] >= threshold) {
                kept++;
            }
        }
        if (kept < minKeep) {
            sort();
            size = Math.min(size, minKeep);
            return;
        }
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (logits[i] >= threshold) {
                ids[n] = ids[i];
                logits[n] = logits[i];
                n++;
            }
        }
        size = n;
    }

    /** Divides the logits by {@code t}; {@code t <= 0} keeps only the most likely token. */
    void temperature(double t) {
        if (t <= 0) {
            int best = argmaxIndex();
            ids[0] = ids[best];
            logits[0] = logits[best];
            size = 1;
            sorted = true;
            return;
        }
        float inverse = (float) (1.0 / t);
        for (int i = 0; i < size; i++) {
            logits[i] *= inverse;
        }
    }

    /** The id with the highest logit (the lowest id among equals). */
    int argmax() {
        return ids[argmaxIndex()];
    }

    /**
     * Draws one id with probability softmax(logits). The weights {@code exp(logit - max)} are not normalised:
     * the uniform number is scaled by their sum instead, which saves a division per candidate.
     */
    int draw(SplittableRandom random) {
        float max = logits[argmaxIndex()];
        double sum = 0;
        for (int i = 0; i < size; i++) {
            float weight = (float) Math.exp(logits[i] - max);
            weights[i] = weight;
            sum += weight;
        }
        double target = random.nextDouble() * sum;
        double cumulative = 0;
        for (int i = 0; i < size; i++) {
            cumulative += weights[i];
            if (target < cumulative) {
                return ids[i];
            }
        }
        // Rounding left the running total just below the sum and the draw above it: the last candidate owns it.
        return ids[size - 1];
    }

    private int argmaxIndex() {
        int best = 0;
        for (int i = 1; i < size; i++) {
            if (logits[i] > logits[best] || (logits[i] == logits[best] && ids[i] < ids[best])) {
                best = i;
            }
        }
        return best;
    }

    private void packKeys() {
        for (int i = 0; i < size; i++) {
            int bits = Float.floatToRawIntBits(logits[i]);
            int ascending = bits ^ ((bits >> 31) | 0x80000000);
            // Flipping all but the top bit turns "unsigned ascending" into "signed descending".
            int descending = ascending ^ 0x7FFFFFFF;
            keys[i] = ((long) descending << 32) | ids[i];
        }
    }

    private void unpackKeys() {
        for (int i = 0; i < size; i++) {
            ids[i] = (int) keys[i];
            logits[i] = logitOfKey(keys[i]);
        }
        sorted = true;
    }

    private static float logitOfKey(long key) {
        int ascending = (int) (key >> 32) ^ 0x7FFFFFFF;
        return Float.intBitsToFloat(ascending < 0 ? ascending ^ 0x80000000 : ~ascending);
    }

    /** Rearranges {@code a[lo..hi]} so that its {@code k} smallest values come first (quickselect). */
    private static void select(long[] a, int lo, int hi, int k) {
        int target = lo + k - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            long pivot = median(a[lo], a[mid], a[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    long t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (target <= j) {
                hi = j;
            } else if (target >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    private static long median(long a, long b, long c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
