package dev.nemotron.runtime.model;

/** ggml's RMSNorm followed by the element-wise weight. */
final class RmsNorm {

    private RmsNorm() {
    }

    /**
     * Normalises {@code n} values of {@code x} from {@code offset}, writing
     * {@code y = x / sqrt(mean(x²) + eps) · weight[weightOffset…]} to {@code out}. The sum of squares is
     * accumulated in double as ggml does, which matters for wide rows of large activations.
     */
    static void apply(float[] x, int offset, int n, float eps, float[] weight, int weightOffset, float[] out,
            int outOffset) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float v = x[offset + i];
            sum += (double) (v * v);
        }
        float mean = (float) (sum / n);
        float scale = 1.0f / (float) Math.sqrt(mean + eps);
        for (int i = 0; i < n; i++) {
            out[outOffset + i] = x[offset + i] * scale * weight[weightOffset + i];
        }
    }

    /** Normalises each of {@code count} rows of width {@code n}. */
    static void rows(float[] x, int count, int n, float eps, float[] weight, float[] out) {
        for (int t = 0; t < count; t++) {
            apply(x, t * n, n, eps, weight, 0, out, t * n);
        }
    }
}
