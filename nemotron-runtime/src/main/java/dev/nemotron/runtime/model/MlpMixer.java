package dev.nemotron.runtime.model;

import org.jspecify.annotations.Nullable;

/** The dense ReLU² MLP of the {@code -} blocks: {@code down · relu(up · u)²}, with optional biases. */
final class MlpMixer implements Mixer {

    private final Linear up;
    private final Linear down;
    private final float @Nullable [] upBias;
    private final float @Nullable [] downBias;
    private float[] act = new float[0];

    MlpMixer(NemotronConfig c, WeightSource w, int layer, Compute compute) {
        String p = "blk." + layer + ".";
        int ffn = c.feedForward()[layer];
        int d = c.embedding();
        this.up = compute.linear(w.matrix(p + "ffn_up.weight", d, ffn));
        this.down = compute.linear(w.matrix(p + "ffn_down.weight", ffn, d));
        this.upBias = w.has(p + "ffn_up.bias") ? w.vector(p + "ffn_up.bias", ffn) : null;
        this.downBias = w.has(p + "ffn_down.bias") ? w.vector(p + "ffn_down.bias", d) : null;
    }

    @Override
    public void forward(float[] u, int count, float[] result, @Nullable Object state, int position) {
        int ffn = up.rows();
        act = Compute.ensure(act, count * ffn);
        up.forward(u, count, act);
        addBias(act, count, upBias);
        MoeMixer.reluSquared(act, count * ffn);
        down.forward(act, count, result);
        addBias(result, count, downBias);
    }

    private static void addBias(float[] x, int count, float @Nullable [] bias) {
        if (bias == null) {
            return;
        }
        for (int t = 0; t < count; t++) {
            for (int i = 0; i < bias.length; i++) {
                x[t * bias.length + i] += bias[i];
            }
        }
    }
}
