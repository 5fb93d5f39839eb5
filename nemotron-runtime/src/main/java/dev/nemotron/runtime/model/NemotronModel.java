package dev.nemotron.runtime.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nemotron.runtime.gguf.GgufFile;
import dev.nemotron.runtime.gguf.GgufFormatException;
import dev.nemotron.runtime.mlx.MlxCheckpoint;
import dev.nemotron.runtime.parallel.ComputePool;
import dev.nemotron.runtime.tokenizer.Tokenizer;
import dev.nemotron.runtime.tokenizer.TokenizerException;
import dev.nemotron.runtime.tokenizer.Vocabulary;

/**
 * A loaded NemotronH network (architectures {@code nemotron_h_moe} and {@code nemotron_h}) over a memory-mapped
 * GGUF file or MLX checkpoint, and its forward pass: token embedding, one residual mixer per block
 * ({@code h += mixer(rmsnorm(h))}), final norm and output head (the embedding when {@code output.weight} is
 * absent).
 *
 * <p>A batch of tokens goes through each block at once, so prefill multiplies every weight row with the whole
 * batch; decode is the same path with one token. The model runs one forward pass at a time (calls are
 * serialised); sequences are independent {@link SequenceState}s.
 */
public final class NemotronModel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NemotronModel.class);
    /** Tokens per forward chunk: bounds the scratch memory of long prompts. */
    private static final int MAX_BATCH = 512;

    private final WeightSource weights;
    private final NemotronConfig config;
    private final LoadOptions options;
    private final ComputePool pool;
    private final Matrix embedding;
    private final float[][] blockNorm;
    private final Mixer[] mixers;
    private final float[] outputNorm;
    private final Linear output;
    private final int vocabSize;
    private final int contextLength;

    private @Nullable Vocabulary vocabulary;
    private float[] hidden = new float[0];
    private float[] normed = new float[0];
    private float[] update = new float[0];

    private NemotronModel(WeightSource w, LoadOptions options) {
        this.weights = w;
        this.config = w.config();
        this.options = options;
        this.pool = new ComputePool(options.threads());
        Compute compute = new Compute(pool, options.reference());
        int d = config.embedding();
        this.vocabSize = w.rows("token_embd.weight");
        this.embedding = w.matrix("token_embd.weight", d, vocabSize);
        int layers = config.layers().size();
        this.blockNorm = new float[layers][];
        this.mixers = new Mixer[layers];
        for (int i = 0; i < layers; i++) {
            blockNorm[i] = w.vector("blk." + i + ".attn_norm.weight", d);
            mixers[i] = switch (config.layers().get(i)) {
                case MAMBA -> new MambaMixer(config, w, i, compute);
                case ATTENTION -> new AttentionMixer(config, w, i, compute, options, w.path());
                case MOE -> new MoeMixer(config, w, i, compute);
                case MLP -> new MlpMixer(config, w, i, compute);
            };
        }
        this.outputNorm = w.vector("output_norm.weight", d);
        this.output = compute.linear(w.has("output.weight") ? w.matrix("output.weight", d, vocabSize) : embedding);
        long trained = config.contextLength();
        int requested = options.contextLength();
        this.contextLength = (int) Math.min(Integer.MAX_VALUE - 8,
                requested > 0 ? Math.min(requested, trained) : trained);
    }

    /**
     * Maps {@code path}, a GGUF file or an MLX checkpoint directory, and binds the network.
     *
     * @throws GgufFormatException naming the file and key or tensor if it is not a runnable NemotronH file
     * @throws dev.nemotron.runtime.mlx.MlxFormatException likewise for an MLX checkpoint
     */
    public static NemotronModel load(Path path, LoadOptions options) {
        return load(Files.isDirectory(path) ? MlxCheckpoint.open(path) : TensorBinder.open(path), options);
    }

    /** Binds the network to {@code weights}, which the model closes with itself (or now, if binding fails). */
    public static NemotronModel load(WeightSource weights, LoadOptions options) {
        try {
            NemotronModel model = new NemotronModel(weights, options);
            model.logLoaded();
            return model;
        } catch (RuntimeException e) {
            weights.close();
            throw e;
        }
    }

    private void logLoaded() {
        LOG.info("Loaded {}: {} {} layers, {} parameters, weights {}, mapped {} MiB, {} threads, vector width {}, "
                + "KV codec {}, context {}{}", weights.path().getFileName(), config.architecture(), config.pattern(),
                parameterCount(), weightTypes(), weights.mappedBytes() >> 20, pool.threads(),
                FloatOps.get().vectorWidth(), options.kvCacheDescription(), contextLength,
                options.reference() ? ", reference numerics" : "");
    }

    public NemotronConfig config() {
        return config;
    }

    /** The GGUF file or MLX checkpoint the weights are mapped from. */
    public WeightSource weights() {
        return weights;
    }

    /**
     * The GGUF file the weights are mapped from, for its metadata.
     *
     * @throws IllegalStateException if the model was loaded from an MLX checkpoint
     */
    public GgufFile file() {
        if (weights instanceof TensorBinder gguf) {
            return gguf.file();
        }
        throw new IllegalStateException(weights.path() + " is not a GGUF file");
    }

    public LoadOptions options() {
        return options;
    }

    public int vocabSize() {
        return vocabSize;
    }

    /** Tokens a sequence may hold. */
    public int contextLength() {
        return contextLength;
    }

    /** Elements of all tensors. */
    public long parameterCount() {
        return weights.parameterCount();
    }

    /** Number of tensors (GGUF) or modules (MLX) per weight type. */
    public Map<String, Integer> weightTypes() {
        return weights.weightTypes();
    }

    /**
     * The tokenizer vocabulary of the weights ({@code tokenizer.ggml.*} of a GGUF file, {@code tokenizer.json} of
     * an MLX checkpoint), read on first use.
     *
     * @throws TokenizerException naming the file and key if the file's vocabulary is missing or unsupported
     */
    public synchronized Vocabulary vocabulary() {
        if (vocabulary == null) {
            vocabulary = weights.vocabulary(vocabSize);
        }
        return vocabulary;
    }

    /** A tokenizer over {@link #vocabulary()}. */
    public Tokenizer tokenizer() {
        return new Tokenizer(vocabulary());
    }

    /** A new empty sequence. */
    public SequenceState newSequence() {
        @Nullable Object[] states = new Object[mixers.length];
        for (int i = 0; i < mixers.length; i++) {
            states[i] = mixers[i].newState(contextLength);
        }
        return new SequenceState(states, contextLength);
    }

    /**
     * Feeds {@code tokens[offset, offset + count)} to {@code sequence} and returns the logits of the last one.
     */
    public float[] forward(SequenceState sequence, int[] tokens, int offset, int count) {
        float[] logits = new float[vocabSize];
        forward(sequence, tokens, offset, count, logits, false);
        return logits;
    }

    /**
     * Feeds {@code tokens[offset, offset + count)} to {@code sequence}. Writes the logits of every token,
     * {@code [count][vocab]}, to {@code logits} when {@code allPositions}, else only the last token's
     * {@code [vocab]}.
     */
    public synchronized void forward(SequenceState sequence, int[] tokens, int offset, int count, float[] logits,
            boolean allPositions) {
        if (sequence.position() + count > contextLength) {
            throw new IllegalArgumentException("%d tokens after %d exceed the context length %d"
                    .formatted(count, sequence.position(), contextLength));
        }
        for (int done = 0; done < count; done += MAX_BATCH) {
            int n = Math.min(MAX_BATCH, count - done);
            boolean last = done + n == count;
            forwardBatch(sequence, tokens, offset + done, n);
            if (allPositions) {
                output(n, n, logits, done * vocabSize);
            } else if (last) {
                output(n, 1, logits, 0);
            }
        }
    }

    private void forwardBatch(SequenceState sequence, int[] tokens, int offset, int count) {
        int d = config.embedding();
        hidden = Compute.ensure(hidden, count * d);
        normed = Compute.ensure(normed, count * d);
        update = Compute.ensure(update, count * d);
        for (int t = 0; t < count; t++) {
            int token = tokens[offset + t];
            if (token < 0 || token >= vocabSize) {
                throw new IllegalArgumentException("token id %d is outside the vocabulary of %d"
                        .formatted(token, vocabSize));
            }
            embedding.dequantizeRow(token, hidden, t * d);
        }
        int position = sequence.position();
        for (int l = 0; l < mixers.length; l++) {
            RmsNorm.rows(hidden, count, d, config.rmsEps(), blockNorm[l], normed);
            mixers[l].forward(normed, count, update, sequence.layer(l), position);
            for (int i = 0; i < count * d; i++) {
                hidden[i] += update[i];
            }
        }
        sequence.advance(count);
    }

    /** Logits of the last {@code rows} of the {@code count} tokens just computed. */
    private void output(int count, int rows, float[] logits, int logitsOffset) {
        int d = config.embedding();
        int from = count - rows;
        for (int t = from; t < count; t++) {
            RmsNorm.apply(hidden, t * d, d, config.rmsEps(), outputNorm, 0, normed, (t - from) * d);
        }
        output.forward(normed, 0, d, rows, logits, logitsOffset, vocabSize);
    }

    /**
     * Appends {@code positions} positions of Gaussian keys and values to every KV cache of {@code sequence} and
     * advances it, leaving the Mamba state as it is: puts a sequence at a long context without the prefill, so
     * that decode speed at that context can be measured. The logits that follow mean nothing.
     */
    public synchronized void fillSyntheticContext(SequenceState sequence, int positions, long seed) {
        if (sequence.position() + positions > contextLength) {
            throw new IllegalArgumentException("%d positions after %d exceed the context length %d"
                    .formatted(positions, sequence.position(), contextLength));
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        for (int l = 0; l < mixers.length; l++) {
            if (sequence.layer(l) instanceof dev.nemotron.runtime.kv.KvCache cache) {
                float[] key = new float[cache.nKvHeads() * cache.headDim()];
                float[] value = new float[key.length];
                for (int p = 0; p < positions; p++) {
                    for (int i = 0; i < key.length; i++) {
                        key[i] = (float) random.nextGaussian();
                        value[i] = (float) random.nextGaussian();
                    }
                    cache.append(key, 0, value, 0);
                }
            }
        }
        sequence.advance(positions);
    }

    /**
     * Records the MoE routers' selection margins of the following forward passes into {@code trace}; {@code null}
     * stops recording.
     */
    public synchronized void traceRouting(@Nullable RoutingTrace trace) {
        for (Mixer mixer : mixers) {
            if (mixer instanceof MoeMixer moe) {
                moe.trace(trace);
            }
        }
    }

    @Override
    public void close() {
        pool.close();
        weights.close();
    }
}
