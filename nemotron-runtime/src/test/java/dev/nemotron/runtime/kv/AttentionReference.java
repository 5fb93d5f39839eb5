package dev.nemotron.runtime.kv;

import java.util.function.DoubleUnaryOperator;

/** Textbook attention in double precision, the independent reference for {@link KvCache#attend}. */
final class AttentionReference {

    private AttentionReference() {
    }

    /**
     * Output of query head {@code h} over {@code positions} keys and values laid out {@code [position][kvHead][dim]},
     * with the optional roundings applied to the query, the weights (before the value sum) and nothing else.
     */
    static double[] head(float[] q, int h, float[] keys, float[] values, int nHeads, int nKvHeads, int headDim,
            int positions, double scale, DoubleUnaryOperator roundQuery, DoubleUnaryOperator roundWeight) {
        int kvHead = h / (nHeads / nKvHeads);
        double[] scores = new double[positions];
        double max = Double.NEGATIVE_INFINITY;
        for (int p = 0; p < positions; p++) {
            double dot = 0;
            for (int j = 0; j < headDim; j++) {
                dot += roundQuery.applyAsDouble(q[h * headDim + j]) * keys[(p * nKvHeads + kvHead) * headDim + j];
            }
            scores[p] = dot * scale;
            max = Math.max(max, scores[p]);
        }
        double sum = 0;
        for (int p = 0; p < positions; p++) {
            scores[p] = Math.exp(scores[p] - max);
            sum += scores[p];
        }
        double[] out = new double[headDim];
        for (int p = 0; p < positions; p++) {
            double w = roundWeight.applyAsDouble(scores[p] / sum);
            for (int j = 0; j < headDim; j++) {
                out[j] += w * values[(p * nKvHeads + kvHead) * headDim + j];
            }
        }
        return out;
    }

    /** {@code ‖a − b‖ / ‖b‖} over one head. */
    static double relativeError(float[] actual, int offset, double[] expected) {
        double err = 0;
        double norm = 0;
        for (int j = 0; j < expected.length; j++) {
            double d = actual[offset + j] - expected[j];
            err += d * d;
            norm += expected[j] * expected[j];
        }
        return Math.sqrt(err / norm);
    }
}
