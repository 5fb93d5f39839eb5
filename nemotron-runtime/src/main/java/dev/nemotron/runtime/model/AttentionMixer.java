package dev.nemotron.runtime.model;

import org.jspecify.annotations.Nullable;

import dev.nemotron.runtime.parallel.RangeTask;
import dev.nemotron.runtime.weights.Half;

/**
 * Grouped-query attention as NemotronH uses it: no positional encoding of any kind, scale 1/√head_dim, causal.
 * Query head q reads KV head q / (heads/kvHeads).
 *
 * <p>Until the paged KV cache arrives, keys and values live in a per-sequence F32 store; with the {@code f16}
 * codec they are rounded to half precision as llama.cpp's default cache stores them.
 *
 * <p>The softmax follows ggml's {@code soft_max}: scaled scores, their maximum subtracted, the exponentials
 * summed in double, then multiplied by the float reciprocal of the sum.
 */
final class AttentionMixer implements Mixer, RangeTask {

    private static final ThreadLocal<float[]> SCORES = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> QUERY = ThreadLocal.withInitial(() -> new float[0]);

    private final Compute compute;
    private final FloatOps ops = FloatOps.get();
    private final int heads;
    private final int kvHeads;
    private final int keyLength;
    private final int valueLength;
    private final float scale;
    private final boolean half;
    private final Linear q;
    private final Linear k;
    private final Linear v;
    private final Linear o;

    private float[] queries = new float[0];
    private float[] keys = new float[0];
    private float[] values = new float[0];
    private float[] mixed = new float[0];
    private @Nullable KvStore cache;
    private int first;

    AttentionMixer(NemotronConfig c, TensorBinder w, int layer, Compute compute, String kvCodec) {
        this.compute = compute;
        this.half = switch (kvCodec) {
            case "f16" -> true;
            case "f32" -> false;
            default -> throw new IllegalArgumentException("unsupported KV codec " + kvCodec + " (supported: f16, f32)");
        };
        this.heads = c.headCount();
        this.kvHeads = c.headCountKv()[layer];
        this.keyLength = c.keyLength();
        this.valueLength = c.valueLength();
        this.scale = (float) (1.0 / Math.sqrt(keyLength));
        String p = "blk." + layer + ".";
        int d = c.embedding();
        this.q = compute.linear(w.matrix(p + "attn_q.weight", d, heads * keyLength));
        this.k = compute.linear(w.matrix(p + "attn_k.weight", d, kvHeads * keyLength));
        this.v = compute.linear(w.matrix(p + "attn_v.weight", d, kvHeads * valueLength));
        this.o = compute.linear(w.matrix(p + "attn_output.weight", heads * valueLength, d));
    }

    @Override
    public Object newState(int contextLength) {
        return new KvStore(kvHeads, keyLength, valueLength, contextLength, half);
    }

    @Override
    public void forward(float[] u, int count, float[] result, @Nullable Object state, int position) {
        KvStore store = (KvStore) state;
        queries = Compute.ensure(queries, count * heads * keyLength);
        keys = Compute.ensure(keys, count * kvHeads * keyLength);
        values = Compute.ensure(values, count * kvHeads * valueLength);
        mixed = Compute.ensure(mixed, count * heads * valueLength);

        q.forward(u, count, queries);
        k.forward(u, count, keys);
        v.forward(u, count, values);
        store.append(position, keys, values, count);

        cache = store;
        first = position;
        compute.pool().run(count * heads, this);
        cache = null;

        o.forward(mixed, count, result);
    }

    /** Attention of the (token, head) pairs {@code [from, to)} of the batch. */
    @Override
    public void run(int from, int to) {
        KvStore store = cache;
        int group = heads / kvHeads;
        for (int i = from; i < to; i++) {
            int t = i / heads;
            int head = i % heads;
            int kvHead = head / group;
            int visible = first + t + 1;
            float[] scores = SCORES.get();
            if (scores.length < visible) {
                scores = new float[Math.max(visible, scores.length * 2)];
                SCORES.set(scores);
            }
            float[] query = queries;
            int queryOffset = (t * heads + head) * keyLength;
            if (half) {
                query = halfQuery(queryOffset);
                queryOffset = 0;
            }
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < visible; j++) {
                float s = ops.dot(query, queryOffset, store.keys, store.keyOffset(j, kvHead), keyLength) * scale;
                scores[j] = s;
                max = Math.max(max, s);
            }
            double sum = 0;
            for (int j = 0; j < visible; j++) {
                float e = (float) Math.exp(scores[j] - max);
                scores[j] = e;
                sum += e;
            }
            float inverse = (float) (1.0 / sum);
            int output = (t * heads + head) * valueLength;
            java.util.Arrays.fill(mixed, output, output + valueLength, 0f);
            for (int j = 0; j < visible; j++) {
                float p = scores[j] * inverse;
                ops.axpy(half ? Half.roundToHalf(p) : p, store.values, store.valueOffset(j, kvHead), mixed, output,
                        valueLength);
            }
        }
    }

    /**
     * The query rounded to F16: with an F16 cache ggml's matmul converts the F32 operand (the query for the
     * scores, the probabilities for the value sum) to F16 first.
     */
    private float[] halfQuery(int offset) {
        float[] query = QUERY.get();
        if (query.length < keyLength) {
            query = new float[keyLength];
            QUERY.set(query);
        }
        for (int i = 0; i < keyLength; i++) {
            query[i] = Half.roundToHalf(queries[offset + i]);
        }
        return query;
    }

    /** A sequence's keys and values of one attention block, as F32 rows per position. */
    static final class KvStore {

        private final int keyLength;
        private final int valueLength;
        private final int keyWidth;
        private final int valueWidth;
        private final int limit;
        private float[] keys = new float[0];
        private float[] values = new float[0];

        private final boolean half;

        KvStore(int kvHeads, int keyLength, int valueLength, int limit, boolean half) {
            this.half = half;
            this.keyLength = keyLength;
            this.valueLength = valueLength;
            this.keyWidth = kvHeads * keyLength;
            this.valueWidth = kvHeads * valueLength;
            this.limit = limit;
        }

        void append(int position, float[] k, float[] v, int count) {
            int end = position + count;
            if (end > limit) {
                throw new IllegalStateException("the sequence of %d tokens exceeds the context length %d"
                        .formatted(end, limit));
            }
            if (keys.length < end * keyWidth) {
                int capacity = Math.min(limit, Math.max(end, keys.length / keyWidth * 2));
                keys = java.util.Arrays.copyOf(keys, capacity * keyWidth);
                values = java.util.Arrays.copyOf(values, capacity * valueWidth);
            }
            System.arraycopy(k, 0, keys, position * keyWidth, count * keyWidth);
            System.arraycopy(v, 0, values, position * valueWidth, count * valueWidth);
            if (half) {
                round(keys, position * keyWidth, count * keyWidth);
                round(values, position * valueWidth, count * valueWidth);
            }
        }

        private static void round(float[] x, int from, int n) {
            for (int i = from; i < from + n; i++) {
                x[i] = Half.roundToHalf(x[i]);
            }
        }

        int keyOffset(int position, int kvHead) {
            return position * keyWidth + kvHead * keyLength;
        }

        int valueOffset(int position, int kvHead) {
            return position * valueWidth + kvHead * valueLength;
        }
    }
}
