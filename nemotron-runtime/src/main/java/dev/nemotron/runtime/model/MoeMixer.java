package dev.nemotron.runtime.model;

import org.jspecify.annotations.Nullable;

import dev.nemotron.runtime.weights.Activations;

/**
 * The sparse MoE mixer as llama.cpp's {@code build_moe_ffn} computes it for NemotronH: an F32 sigmoid router,
 * the correction bias {@code exp_probs_b} added only to choose the top-k experts, the weights taken from the
 * unbiased scores, normalised (the sum clamped as ggml clamps it) and scaled, ReLU² experts with up and down
 * projections only, and the shared expert on the same input. With a latent size the experts run on a down-projected
 * input and their weighted sum is projected back up.
 *
 * <p>A batch is routed first and then computed expert by expert: the tokens that chose an expert are gathered and
 * multiplied together, so each expert's weights are read once per batch.
 */
final class MoeMixer implements Mixer {

    /** ggml's lower bound on the sum of the selected weights (the smallest normal half). */
    private static final float WEIGHT_SUM_FLOOR = 6.103515625e-5f;

    private final Compute compute;
    private final int hidden;
    private final int expertCount;
    private final int used;
    private final int width;
    private final int expertFfn;
    private final boolean normalise;
    private final float scale;
    private final Linear router;
    private final float[] selectionBias;
    private final Matrix[] up;
    private final Matrix[] down;
    private final Activations upInput;
    private final Activations downInput;
    private final @Nullable Linear latentDown;
    private final @Nullable Linear latentUp;
    private final @Nullable Linear sharedUp;
    private final @Nullable Linear sharedDown;

    private float[] logits = new float[0];
    private int[] selected = new int[0];
    private float[] weights = new float[0];
    private float[] expertInput = new float[0];
    private float[] gathered = new float[0];
    private float[] hiddenAct = new float[0];
    private float[] expertOut = new float[0];
    private float[] slots = new float[0];
    private float[] sum = new float[0];
    private float[] shared = new float[0];
    private int[] members = new int[0];
    private @Nullable RoutingTrace trace;

    MoeMixer(NemotronConfig c, WeightSource w, int layer, Compute compute) {
        this.compute = compute;
        this.hidden = c.embedding();
        this.expertCount = c.expertCount();
        this.used = c.expertUsed();
        this.expertFfn = c.expertFeedForward();
        this.normalise = c.expertWeightsNorm();
        this.scale = c.expertWeightsScale();
        this.width = c.moeLatent() > 0 ? c.moeLatent() : hidden;
        String p = "blk." + layer + ".";
        this.router = compute.linear(w.matrix(p + "ffn_gate_inp.weight", hidden, expertCount));
        this.selectionBias = w.has(p + "exp_probs_b.bias") ? w.vector(p + "exp_probs_b.bias", expertCount)
                : new float[expertCount];
        this.up = w.experts(p + "ffn_up_exps.weight", width, expertFfn, expertCount);
        this.down = w.experts(p + "ffn_down_exps.weight", expertFfn, width, expertCount);
        // llama.cpp multiplies experts one token at a time (mul_mat_id), whatever the batch: same float order here.
        this.upInput = compute.activationsFor(up[0]).forExperts();
        this.downInput = compute.activationsFor(down[0]).forExperts();
        if (c.moeLatent() > 0) {
            this.latentDown = compute.linear(w.matrix(p + "ffn_latent_down.weight", hidden, width));
            this.latentUp = compute.linear(w.matrix(p + "ffn_latent_up.weight", width, hidden));
        } else {
            this.latentDown = null;
            this.latentUp = null;
        }
        if (c.sharedFeedForward() > 0 && w.has(p + "ffn_up_shexp.weight")) {
            int shexp = c.sharedFeedForward();
            this.sharedUp = compute.linear(w.matrix(p + "ffn_up_shexp.weight", hidden, shexp));
            this.sharedDown = compute.linear(w.matrix(p + "ffn_down_shexp.weight", shexp, hidden));
        } else {
            this.sharedUp = null;
            this.sharedDown = null;
        }
    }

    @Override
    public void forward(float[] u, int count, float[] result, @Nullable Object state, int position) {
        logits = Compute.ensure(logits, count * expertCount);
        weights = Compute.ensure(weights, count * used);
        if (selected.length < count * used) {
            selected = new int[count * used];
            members = new int[count * used];
        }
        slots = Compute.ensure(slots, count * used * width);

        router.forward(u, count, logits);
        for (int t = 0; t < count; t++) {
            route(t);
            if (trace != null) {
                trace.record(position + t, selectionMargin(t));
            }
        }

        float[] input = u;
        if (latentDown != null) {
            expertInput = Compute.ensure(expertInput, count * width);
            latentDown.forward(u, count, expertInput);
            input = expertInput;
        }
        for (int e = 0; e < expertCount; e++) {
            runExpert(e, input, count);
        }
        sumSlots(count, result);

        if (sharedUp != null && sharedDown != null) {
            shared = Compute.ensure(shared, count * Math.max(hidden, sharedUp.rows()));
            sharedUp.forward(u, count, shared);
            reluSquared(shared, count * sharedUp.rows());
            float[] sharedOut = Compute.ensure(expertOut, count * hidden);
            expertOut = sharedOut;
            sharedDown.forward(shared, count, sharedOut);
            for (int i = 0; i < count * hidden; i++) {
                result[i] += sharedOut[i];
            }
        }
    }

    /** Picks token t's experts by the biased scores and sets their weights from the unbiased ones. */
    private void route(int t) {
        int base = t * expertCount;
        for (int e = 0; e < expertCount; e++) {
            logits[base + e] = 1.0f / (1.0f + (float) Math.exp(-logits[base + e]));
        }
        int slot0 = t * used;
        for (int k = 0; k < used; k++) {
            int best = -1;
            float bestScore = Float.NEGATIVE_INFINITY;
            for (int e = 0; e < expertCount; e++) {
                float score = logits[base + e] + selectionBias[e];
                if ((best < 0 || score > bestScore) && !chosen(slot0, k, e)) {
                    best = e;
                    bestScore = score;
                }
            }
            selected[slot0 + k] = best;
            weights[slot0 + k] = logits[base + best];
        }
        if (normalise) {
            float total = 0;
            for (int k = 0; k < used; k++) {
                total += weights[slot0 + k];
            }
            total = Math.max(total, WEIGHT_SUM_FLOOR);
            for (int k = 0; k < used; k++) {
                weights[slot0 + k] /= total;
            }
        }
        if (scale != 0f && scale != 1f) {
            for (int k = 0; k < used; k++) {
                weights[slot0 + k] *= scale;
            }
        }
    }

    /** Records routing margins into {@code trace}, or stops recording when it is {@code null}. */
    void trace(@Nullable RoutingTrace trace) {
        this.trace = trace;
    }

    /** Token t's gap between its last chosen expert's score and the best score it did not choose. */
    private float selectionMargin(int t) {
        int base = t * expertCount;
        int slot0 = t * used;
        float lastChosen = logits[base + selected[slot0 + used - 1]] + selectionBias[selected[slot0 + used - 1]];
        float bestOther = Float.NEGATIVE_INFINITY;
        for (int e = 0; e < expertCount; e++) {
            if (!chosen(slot0, used, e)) {
                bestOther = Math.max(bestOther, logits[base + e] + selectionBias[e]);
            }
        }
        return lastChosen - bestOther;
    }

    private boolean chosen(int slot0, int k, int expert) {
        for (int i = 0; i < k; i++) {
            if (selected[slot0 + i] == expert) {
                return true;
            }
        }
        return false;
    }

    /** Runs expert e on every token that chose it; writes each weighted output into its (token, slot). */
    private void runExpert(int expert, float[] input, int count) {
        int n = 0;
        for (int i = 0; i < count * used; i++) {
            if (selected[i] == expert) {
                members[n++] = i;
            }
        }
        if (n == 0) {
            return;
        }
        gathered = Compute.ensure(gathered, n * width);
        hiddenAct = Compute.ensure(hiddenAct, n * expertFfn);
        expertOut = Compute.ensure(expertOut, n * Math.max(width, hidden));
        for (int m = 0; m < n; m++) {
            System.arraycopy(input, members[m] / used * width, gathered, m * width, width);
        }
        upInput.load(gathered, 0, width, n);
        up[expert].multiply(upInput, hiddenAct, 0, expertFfn, compute.reference(), compute.pool());
        reluSquared(hiddenAct, n * expertFfn);
        downInput.load(hiddenAct, 0, expertFfn, n);
        down[expert].multiply(downInput, expertOut, 0, width, compute.reference(), compute.pool());
        for (int m = 0; m < n; m++) {
            int slot = members[m];
            float weight = weights[slot];
            for (int i = 0; i < width; i++) {
                slots[slot * width + i] = expertOut[m * width + i] * weight;
            }
        }
    }

    /** Sums each token's expert outputs in selection order (as ggml adds them), through the latent-up. */
    private void sumSlots(int count, float[] result) {
        float[] target = result;
        if (latentUp != null) {
            sum = Compute.ensure(sum, count * width);
            target = sum;
        }
        for (int t = 0; t < count; t++) {
            int s0 = t * used * width;
            System.arraycopy(slots, s0, target, t * width, width);
            for (int k = 1; k < used; k++) {
                for (int i = 0; i < width; i++) {
                    target[t * width + i] += slots[s0 + k * width + i];
                }
            }
        }
        if (latentUp != null) {
            latentUp.forward(sum, count, result);
        }
    }

    static void reluSquared(float[] x, int n) {
        for (int i = 0; i < n; i++) {
            float v = Math.max(x[i], 0f);
            x[i] = v * v;
        }
    }
}
