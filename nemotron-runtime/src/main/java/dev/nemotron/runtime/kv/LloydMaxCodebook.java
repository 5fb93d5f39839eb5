package dev.nemotron.runtime.kv;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Lloyd–Max scalar quantizer for one coordinate of a random unit vector of dimension {@code dim}
 * (TurboQuant, arXiv:2504.19874, Lemma 1 and eq. 4).
 *
 * <p>After a random rotation every coordinate of a unit vector follows the density
 * {@code f(t) ∝ (1 − t²)^((dim − 3)/2)} on [−1, 1] (≈ N(0, 1/dim)). The codebook minimizes the expected squared
 * error for that exact law: Lloyd's iteration (decision thresholds at the midpoints, centroids at the conditional
 * means) on moments integrated numerically once per (bits, dim) and cached. Using the exact law instead of the
 * Gaussian approximation costs nothing at run time and is what the dimension-32 and -96 halves of the channel
 * splits need.
 */
final class LloydMaxCodebook {

    private static final int GRID = 1 << 17;
    private static final int MAX_ITERATIONS = 100_000;
    private static final double TOLERANCE = 1e-13;
    private static final Map<Long, LloydMaxCodebook> CACHE = new ConcurrentHashMap<>();

    private final int bits;
    private final int dim;
    private final float[] centroids;
    private final float[] thresholds;
    private final double distortion;

    private LloydMaxCodebook(int bits, int dim, double[] centroids, double[] thresholds, double distortion) {
        this.bits = bits;
        this.dim = dim;
        this.centroids = new float[centroids.length];
        this.thresholds = new float[thresholds.length];
        for (int i = 0; i < centroids.length; i++) {
            this.centroids[i] = (float) centroids[i];
        }
        for (int i = 0; i < thresholds.length; i++) {
            this.thresholds[i] = (float) thresholds[i];
        }
        this.distortion = distortion;
    }

    /** The codebook of {@code 2^bits} levels for coordinates of unit vectors in dimension {@code dim ≥ 3}. */
    static LloydMaxCodebook of(int bits, int dim) {
        if (bits < 1 || bits > 8 || dim < 3) {
            throw new IllegalArgumentException(
                    "no Lloyd-Max codebook for %d bits in dimension %d".formatted(bits, dim));
        }
        return CACHE.computeIfAbsent((long) bits << 32 | dim, key -> solve(bits, dim));
    }

    int bits() {
        return bits;
    }

    int dim() {
        return dim;
    }

    /** The {@code 2^bits} reconstruction levels, ascending (a copy). */
    float[] centroids() {
        return centroids.clone();
    }

    float centroid(int index) {
        return centroids[index];
    }

    /** The {@code 2^bits − 1} decision thresholds (midpoints between neighbouring centroids), ascending (a copy). */
    float[] thresholds() {
        return thresholds.clone();
    }

    /** Expected squared error per coordinate; times {@code dim} it is the MSE of a whole unit vector. */
    double distortion() {
        return distortion;
    }

    /** The index of the level nearest to {@code t}: how many thresholds lie below it. */
    int quantize(float t) {
        int index = 0;
        for (float threshold : thresholds) {
            index += t > threshold ? 1 : 0;
        }
        return index;
    }

    private static LloydMaxCodebook solve(int bits, int dim) {
        Moments moments = new Moments(dim);
        int levels = 1 << bits;
        double sigma = 1 / Math.sqrt(dim);
        double[] c = new double[levels];
        for (int i = 0; i < levels; i++) {
            c[i] = sigma * 3 * (2.0 * (i + 0.5) / levels - 1);
        }
        double[] t = new double[levels + 1];
        t[0] = -1;
        t[levels] = 1;
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            for (int i = 1; i < levels; i++) {
                t[i] = (c[i - 1] + c[i]) / 2;
            }
            double change = 0;
            for (int i = 0; i < levels; i++) {
                double mass = moments.at(t[i + 1], 0) - moments.at(t[i], 0);
                double next = mass > 0 ? (moments.at(t[i + 1], 1) - moments.at(t[i], 1)) / mass : c[i];
                change = Math.max(change, Math.abs(next - c[i]));
                c[i] = next;
            }
            if (change < TOLERANCE * sigma) {
                break;
            }
        }
        double distortion = 0;
        for (int i = 0; i < levels; i++) {
            double m0 = moments.at(t[i + 1], 0) - moments.at(t[i], 0);
            double m1 = moments.at(t[i + 1], 1) - moments.at(t[i], 1);
            double m2 = moments.at(t[i + 1], 2) - moments.at(t[i], 2);
            distortion += m2 - 2 * c[i] * m1 + c[i] * c[i] * m0;
        }
        return new LloydMaxCodebook(bits, dim, c, java.util.Arrays.copyOfRange(t, 1, levels), distortion);
    }

    /** Cumulative moments ∫ t^k f(t) dt from −1, tabulated on a fine grid (trapezoid rule), normalized to mass 1. */
    private static final class Moments {

        private final double[][] cumulative = new double[3][GRID + 1];

        Moments(int dim) {
            double exponent = (dim - 3) / 2.0;
            double h = 2.0 / GRID;
            double[] previous = new double[3];
            for (int g = 0; g <= GRID; g++) {
                double x = -1 + g * h;
                double f = Math.pow(Math.max(0, 1 - x * x), exponent);
                double[] current = {f, x * f, x * x * f};
                for (int k = 0; k < 3; k++) {
                    cumulative[k][g] = g == 0 ? 0 : cumulative[k][g - 1] + (previous[k] + current[k]) * h / 2;
                    previous[k] = current[k];
                }
            }
            double mass = cumulative[0][GRID];
            for (double[] moment : cumulative) {
                for (int g = 0; g <= GRID; g++) {
                    moment[g] /= mass;
                }
            }
        }

        /** The k-th cumulative moment at {@code t}, linearly interpolated. */
        double at(double t, int k) {
            double position = (t + 1) / 2 * GRID;
            int g = (int) Math.min(GRID - 1, Math.max(0, Math.floor(position)));
            double fraction = position - g;
            return cumulative[k][g] + fraction * (cumulative[k][g + 1] - cumulative[k][g]);
        }
    }
}
