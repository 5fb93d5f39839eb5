package dev.nemotron.runtime.model;

import org.jspecify.annotations.Nullable;

import dev.nemotron.runtime.parallel.RangeTask;

/**
 * The Mamba-2 mixer as llama.cpp computes it: input projection split into z | xBC | dt, causal depthwise conv
 * with bias and SiLU, the selective scan per head (head h reads the B and C of group h / (heads/groups)), the D
 * skip, the silu(z) gate, RMSNorm over each group of d_inner/groups channels, and the output projection.
 *
 * <p>A batch is scanned token by token, as ggml's {@code ssm_scan} does for prefill: the recurrence, not a
 * chunked SSD, so batched prefill and single-token decode take the same path.
 */
final class MambaMixer implements Mixer, RangeTask {

    /** Per-sequence state: the last conv inputs and the SSM state. */
    static final class State {
        /** {@code [channel][kernel-1]}: the previous raw xBC inputs, oldest first. */
        final float[] conv;
        /** {@code [head][headDim][state]}: llama.cpp's memory order, state index fastest. */
        final float[] ssm;

        State(int convLength, int ssmLength) {
            conv = new float[convLength];
            ssm = new float[ssmLength];
        }

        private State(State of) {
            conv = of.conv.clone();
            ssm = of.ssm.clone();
        }

        /** An independent state with the same values. */
        State copy() {
            return new State(this);
        }

        /** Heap bytes of the two arrays. */
        long bytes() {
            return (long) Float.BYTES * (conv.length + ssm.length);
        }
    }

    private final Compute compute;
    private final float eps;
    private final int inner;
    private final int stateSize;
    private final int heads;
    private final int headDim;
    private final int groups;
    private final int kernel;
    private final int channels;
    private final int projection;
    private final Linear in;
    private final float[] convWeight;
    private final float[] convBias;
    private final float[] dtBias;
    private final float[] a;
    private final float[] d;
    private final float[] norm;
    private final Linear out;

    private float[] zxbcdt = new float[0];
    private float[] xbc = new float[0];
    private float[] y = new float[0];
    private int batch;
    private @Nullable State scanState;

    MambaMixer(NemotronConfig c, WeightSource w, int layer, Compute compute) {
        this.compute = compute;
        this.eps = c.rmsEps();
        this.inner = c.ssmInner();
        this.stateSize = c.ssmState();
        this.heads = c.ssmHeads();
        this.headDim = c.ssmHeadDim();
        this.groups = c.ssmGroups();
        this.kernel = c.ssmConvKernel();
        this.channels = c.ssmConvChannels();
        this.projection = c.ssmInProjection();
        String p = "blk." + layer + ".";
        this.in = compute.linear(w.matrix(p + "ssm_in.weight", c.embedding(), projection));
        this.convWeight = w.vector(p + "ssm_conv1d.weight", kernel, channels);
        this.convBias = w.has(p + "ssm_conv1d.bias") ? w.vector(p + "ssm_conv1d.bias", channels)
                : new float[channels];
        this.dtBias = w.vector(p + "ssm_dt.bias", heads);
        this.a = w.vector(p + "ssm_a", 1, heads);
        this.d = w.vector(p + "ssm_d", 1, heads);
        this.norm = w.vector(p + "ssm_norm.weight", inner / groups, groups);
        this.out = compute.linear(w.matrix(p + "ssm_out.weight", inner, c.embedding()));
    }

    @Override
    public Object newState(int contextLength) {
        return new State((kernel - 1) * channels, heads * headDim * stateSize);
    }

    @Override
    public void forward(float[] u, int count, float[] result, @Nullable Object state, int position) {
        State s = (State) state;
        zxbcdt = Compute.ensure(zxbcdt, count * projection);
        xbc = Compute.ensure(xbc, count * channels);
        y = Compute.ensure(y, count * inner);

        in.forward(u, count, zxbcdt);
        convolve(s, count);

        batch = count;
        scanState = s;
        compute.pool().run(heads, this);
        scanState = null;

        gateAndNormalise(count);
        out.forward(y, count, result);
    }

    /** Causal depthwise conv over the conv state and the batch, + bias, SiLU; shifts the raw inputs in. */
    private void convolve(State s, int count) {
        int history = kernel - 1;
        float[] conv = s.conv;
        for (int t = 0; t < count; t++) {
            int src = t * projection + inner;
            for (int c = 0; c < channels; c++) {
                int w = c * kernel;
                int h = c * history;
                float x = zxbcdt[src + c];
                float sum = 0;
                for (int k = 0; k < history; k++) {
                    sum += conv[h + k] * convWeight[w + k];
                }
                sum += x * convWeight[w + history];
                for (int k = 0; k + 1 < history; k++) {
                    conv[h + k] = conv[h + k + 1];
                }
                if (history > 0) {
                    conv[h + history - 1] = x;
                }
                xbc[t * channels + c] = LaneMath.silu(sum + convBias[c], c, channels);
            }
        }
    }

    /**
     * The selective scan of heads {@code [from, to)} over the whole batch, then the D skip. The float order is
     * that of ggml's scalar {@code ssm_scan} loop as the C compiler contracts it: the softplus as
     * {@code logf(1 + expf(dt))}, the state as {@code fma(s, dA, B·x·dt)} and the output sum as one FMA per
     * state element.
     */
    @Override
    public void run(int from, int to) {
        float[] ssm = scanState.ssm;
        int headsPerGroup = heads / groups;
        for (int h = from; h < to; h++) {
            int g = h / headsPerGroup;
            int stateBase = h * headDim * stateSize;
            for (int t = 0; t < batch; t++) {
                float dt = zxbcdt[t * projection + inner + channels + h] + dtBias[h];
                float delta = dt <= 20f ? Libm.logf(1f + Libm.expf(dt)) : dt;
                float decay = Libm.expf(delta * a[h]);
                int x0 = t * channels + h * headDim;
                int b0 = t * channels + inner + g * stateSize;
                int c0 = t * channels + inner + groups * stateSize + g * stateSize;
                for (int p = 0; p < headDim; p++) {
                    float x = xbc[x0 + p];
                    float xdt = x * delta;
                    int s0 = stateBase + p * stateSize;
                    float sum = 0;
                    for (int n = 0; n < stateSize; n++) {
                        float v = Math.fma(ssm[s0 + n], decay, xbc[b0 + n] * xdt);
                        ssm[s0 + n] = v;
                        sum = Math.fma(v, xbc[c0 + n], sum);
                    }
                    y[t * inner + h * headDim + p] = sum + x * d[h];
                }
            }
        }
    }

    /** y ← silu(z)·y, then RMSNorm over each group of d_inner/groups channels, times the norm weight. */
    private void gateAndNormalise(int count) {
        int groupSize = inner / groups;
        for (int t = 0; t < count; t++) {
            int z0 = t * projection;
            int y0 = t * inner;
            for (int i = 0; i < inner; i++) {
                y[y0 + i] = LaneMath.silu(zxbcdt[z0 + i], i % headDim, headDim) * y[y0 + i];
            }
            for (int g = 0; g < groups; g++) {
                RmsNorm.apply(y, y0 + g * groupSize, groupSize, eps, norm, g * groupSize, y, y0 + g * groupSize);
            }
        }
    }
}
