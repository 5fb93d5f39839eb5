package dev.nemotron.runtime.sampling;

/** Hand-made distributions for the sampler tests. */
final class Distributions {

    private Distributions() {
    }

    /** Logits whose softmax is exactly {@code probabilities} (they sum to 1). */
    static float[] logitsOf(double... probabilities) {
        float[] logits = new float[probabilities.length];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) Math.log(probabilities[i]);
        }
        return logits;
    }
}
