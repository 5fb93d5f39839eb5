package dev.nemotron.runtime.model;

import org.jspecify.annotations.Nullable;

import dev.nemotron.runtime.gguf.GgufFormatException;
import dev.nemotron.runtime.kv.KvCache;
import dev.nemotron.runtime.kv.KvCodec;
import dev.nemotron.runtime.kv.KvCodecs;
import dev.nemotron.runtime.parallel.RangeTask;

/**
 * Grouped-query attention as NemotronH uses it: no positional encoding of any kind, scale 1/√head_dim, causal.
 * Query head q reads KV head q / (heads/kvHeads). Keys and values go to the sequence's {@link KvCache} through
 * the configured KV codec; the cache computes the softmax attention the way llama.cpp does without flash
 * attention.
 */
final class AttentionMixer implements Mixer, RangeTask {

    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    private final Compute compute;
    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final float scale;
    private final KvCodec keyCodec;
    private final KvCodec valueCodec;
    private final Linear q;
    private final Linear k;
    private final Linear v;
    private final Linear o;

    private float[] queries = new float[0];
    private float[] keys = new float[0];
    private float[] values = new float[0];
    private float[] mixed = new float[0];
    private @Nullable KvCache cache;
    private int first;

    AttentionMixer(NemotronConfig c, WeightSource w, int layer, Compute compute, LoadOptions options,
            java.nio.file.Path file) {
        this.compute = compute;
        this.heads = c.headCount();
        this.kvHeads = c.headCountKv()[layer];
        this.headDim = c.keyLength();
        if (c.valueLength() != headDim) {
            throw new GgufFormatException(file, "attention.key_length = %d and attention.value_length = %d differ"
                    .formatted(headDim, c.valueLength()));
        }
        this.scale = (float) (1.0 / Math.sqrt(headDim));
        this.keyCodec = KvCodecs.forKeys(options.keyCodec(), options.kvBits(), headDim);
        this.valueCodec = KvCodecs.forValues(options.valueCodec(), options.kvBits(), headDim);
        String p = "blk." + layer + ".";
        int d = c.embedding();
        this.q = compute.linear(w.matrix(p + "attn_q.weight", d, heads * headDim));
        this.k = compute.linear(w.matrix(p + "attn_k.weight", d, kvHeads * headDim));
        this.v = compute.linear(w.matrix(p + "attn_v.weight", d, kvHeads * headDim));
        this.o = compute.linear(w.matrix(p + "attn_output.weight", heads * headDim, d));
    }

    @Override
    public Object newState(int contextLength) {
        return new KvCache(kvHeads, headDim, keyCodec, valueCodec);
    }

    @Override
    public void forward(float[] u, int count, float[] result, @Nullable Object state, int position) {
        KvCache store = (KvCache) state;
        int qWidth = heads * headDim;
        int kvWidth = kvHeads * headDim;
        queries = Compute.ensure(queries, count * qWidth);
        keys = Compute.ensure(keys, count * kvWidth);
        values = Compute.ensure(values, count * kvWidth);
        mixed = Compute.ensure(mixed, count * qWidth);

        q.forward(u, count, queries);
        k.forward(u, count, keys);
        v.forward(u, count, values);
        if (store.length() != position) {
            store.truncate(position);
        }
        for (int t = 0; t < count; t++) {
            store.append(keys, t * kvWidth, values, t * kvWidth);
        }

        cache = store;
        first = position;
        compute.pool().run(count, this);
        cache = null;

        o.forward(mixed, count, result);
    }

    /** Attention of the batch tokens {@code [from, to)}, each over the positions up to its own. */
    @Override
    public void run(int from, int to) {
        KvCache store = cache;
        for (int t = from; t < to; t++) {
            int visible = first + t + 1;
            float[] scratch = SCRATCH.get();
            int needed = store.scratchLength(visible);
            if (scratch.length < needed) {
                scratch = new float[Math.max(needed, scratch.length * 2)];
                SCRATCH.set(scratch);
            }
            store.attend(queries, t * heads * headDim, heads, visible, scale, mixed, t * heads * headDim, scratch);
        }
    }
}
