package dev.nemotron.runtime.model;

import java.util.List;

import dev.nemotron.runtime.gguf.GgufFormatException;
import dev.nemotron.runtime.gguf.GgufMetadata;

/**
 * The geometry of a NemotronH network, read from GGUF metadata only.
 *
 * <p>The kind of each block is not stored; as llama.cpp does, it follows from the per-layer
 * {@code head_count_kv} and {@code feed_forward_length} arrays: both zero is a Mamba-2 block, a KV head count
 * without a feed-forward width an attention block, and a feed-forward width an MoE block when the model has
 * experts, a dense MLP otherwise.
 *
 * @param architecture     {@code nemotron_h_moe} or {@code nemotron_h}
 * @param layers           the kind of each block
 * @param embedding        hidden size D
 * @param contextLength    trained context limit
 * @param rmsEps           epsilon of every RMSNorm
 * @param headCount        attention query heads
 * @param headCountKv      KV heads of each block (0 outside attention)
 * @param keyLength        attention key head dimension
 * @param valueLength      attention value head dimension
 * @param feedForward      dense MLP width of each block (or the expert width, 0 outside FFN blocks)
 * @param ssmConvKernel    causal conv window
 * @param ssmInner         d_inner = SSM heads × head dimension
 * @param ssmState         SSM state size N
 * @param ssmHeads         SSM heads
 * @param ssmGroups        B/C groups
 * @param expertCount      routed experts (0 for the dense architecture)
 * @param expertUsed       experts per token
 * @param expertFeedForward routed expert width
 * @param sharedFeedForward shared expert width (0 when none)
 * @param expertWeightsNorm whether the selected weights are renormalised
 * @param expertWeightsScale factor on the expert weights
 * @param moeLatent        latent width of the experts, 0 when the experts run at hidden width
 */
public record NemotronConfig(String architecture, List<LayerKind> layers, int embedding, long contextLength,
        float rmsEps, int headCount, int[] headCountKv, int keyLength, int valueLength, int[] feedForward,
        int ssmConvKernel, int ssmInner, int ssmState, int ssmHeads, int ssmGroups, int expertCount, int expertUsed,
        int expertFeedForward, int sharedFeedForward, boolean expertWeightsNorm, float expertWeightsScale,
        int moeLatent) {

    /** The architectures this engine runs. */
    public static final List<String> ARCHITECTURES = List.of("nemotron_h_moe", "nemotron_h");

    /**
     * Most blocks a file may declare. Real NemotronH networks have at most a few hundred; the bound keeps a lying
     * {@code block_count} with scalar per-layer keys from sizing arrays of billions of layers before any tensor
     * is looked at.
     */
    public static final int MAX_BLOCKS = 1 << 16;

    public NemotronConfig {
        layers = List.copyOf(layers);
        headCountKv = headCountKv.clone();
        feedForward = feedForward.clone();
    }

    /**
     * Reads and validates the configuration.
     *
     * @throws GgufFormatException naming the file and key for an unsupported architecture, a missing key or an
     *                             inconsistent geometry
     */
    public static NemotronConfig from(GgufMetadata m) {
        String arch = m.getString("general.architecture");
        if (!ARCHITECTURES.contains(arch)) {
            throw new GgufFormatException(m.file(), "unsupported architecture %s (supported: %s)"
                    .formatted(arch, String.join(", ", ARCHITECTURES)));
        }
        String p = arch + ".";
        int blocks = positive(m, p + "block_count", m.getInt(p + "block_count"));
        if (blocks > MAX_BLOCKS) {
            throw new GgufFormatException(m.file(), "key %sblock_count = %d exceeds the limit of %d blocks"
                    .formatted(p, blocks, MAX_BLOCKS));
        }
        int[] headsKv = m.getIntArray(p + "attention.head_count_kv", blocks);
        int[] ffn = m.getIntArray(p + "feed_forward_length", blocks);
        int experts = m.getInt(p + "expert_count", 0);
        int embedding = positive(m, p + "embedding_length", m.getInt(p + "embedding_length"));
        List<LayerKind> kinds = new java.util.ArrayList<>(blocks);
        for (int i = 0; i < blocks; i++) {
            kinds.add(kindOf(headsKv[i], ffn[i], experts));
        }
        int heads = attentionHeads(m, p + "attention.head_count", kinds);
        int defaultHeadDim = heads > 0 ? embedding / heads : 0;
        int expertUsed = m.getInt(p + "expert_used_count", 0);
        int expertFfn = m.getInt(p + "expert_feed_forward_length",
                expertUsed > 0 ? max(ffn) / expertUsed : 0);
        NemotronConfig config = new NemotronConfig(arch, kinds, embedding, m.getLong(p + "context_length"),
                m.getFloat(p + "attention.layer_norm_rms_epsilon"), heads, headsKv,
                m.getInt(p + "attention.key_length", defaultHeadDim),
                m.getInt(p + "attention.value_length", defaultHeadDim), ffn,
                m.getInt(p + "ssm.conv_kernel"), m.getInt(p + "ssm.inner_size"), m.getInt(p + "ssm.state_size"),
                m.getInt(p + "ssm.time_step_rank"), m.getInt(p + "ssm.group_count"), experts, expertUsed, expertFfn,
                m.getInt(p + "expert_shared_feed_forward_length", 0), m.getBoolean(p + "expert_weights_norm", false),
                m.getFloat(p + "expert_weights_scale", 0f), m.getInt(p + "moe_latent_size", 0));
        config.validate(m, p);
        return config;
    }

    /**
     * The query head count: a scalar, or a per-layer array (llama.cpp accepts both) whose attention layers must
     * agree, as every NemotronH model has one attention geometry.
     */
    private static int attentionHeads(GgufMetadata m, String key, List<LayerKind> kinds) {
        int[] perLayer = m.getIntArray(key, kinds.size());
        int heads = 0;
        for (int i = 0; i < perLayer.length; i++) {
            if (kinds.get(i) != LayerKind.ATTENTION) {
                continue;
            }
            if (heads != 0 && perLayer[i] != heads) {
                throw new GgufFormatException(m.file(), "key %s varies between attention layers (%d and %d)"
                        .formatted(key, heads, perLayer[i]));
            }
            heads = perLayer[i];
        }
        return heads != 0 ? heads : java.util.Arrays.stream(perLayer).max().orElse(0);
    }

    private static LayerKind kindOf(int headsKv, int ffn, int experts) {
        if (ffn == 0) {
            return headsKv == 0 ? LayerKind.MAMBA : LayerKind.ATTENTION;
        }
        return experts > 0 ? LayerKind.MOE : LayerKind.MLP;
    }

    private void validate(GgufMetadata m, String p) {
        if (contextLength <= 0) {
            throw new GgufFormatException(m.file(), "key %scontext_length = %s must be positive"
                    .formatted(p, Long.toUnsignedString(contextLength)));
        }
        finite(m, p + "attention.layer_norm_rms_epsilon", rmsEps);
        finite(m, p + "expert_weights_scale", expertWeightsScale);
        if (layers.contains(LayerKind.MAMBA)) {
            positive(m, p + "ssm.time_step_rank", ssmHeads);
            positive(m, p + "ssm.group_count", ssmGroups);
            positive(m, p + "ssm.state_size", ssmState);
            positive(m, p + "ssm.conv_kernel", ssmConvKernel);
            divisible(m, p + "ssm.inner_size", ssmInner, p + "ssm.time_step_rank", ssmHeads);
            divisible(m, p + "ssm.inner_size", ssmInner, p + "ssm.state_size", ssmState);
            divisible(m, p + "ssm.inner_size", ssmInner, p + "ssm.group_count", ssmGroups);
            divisible(m, p + "ssm.time_step_rank", ssmHeads, p + "ssm.group_count", ssmGroups);
        }
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) == LayerKind.ATTENTION) {
                positive(m, p + "attention.head_count", headCount);
                positive(m, p + "attention.key_length", keyLength);
                positive(m, p + "attention.value_length", valueLength);
                divisible(m, p + "attention.head_count", headCount, p + "attention.head_count_kv[" + i + "]",
                        headCountKv[i]);
            }
        }
        if (layers.contains(LayerKind.MOE)) {
            positive(m, p + "expert_used_count", expertUsed);
            positive(m, p + "expert_feed_forward_length", expertFeedForward);
            if (expertUsed > expertCount) {
                throw new GgufFormatException(m.file(), "%sexpert_used_count = %d exceeds %sexpert_count = %d"
                        .formatted(p, expertUsed, p, expertCount));
            }
            int groups = m.getInt(p + "expert_group_count", 1);
            if (groups > 1) {
                throw new GgufFormatException(m.file(), "%sexpert_group_count = %d: group-limited routing is not "
                        .formatted(p, groups) + "supported");
            }
        }
    }

    private static int positive(GgufMetadata m, String key, int value) {
        if (value <= 0) {
            throw new GgufFormatException(m.file(), "key %s = %d must be positive".formatted(key, value));
        }
        return value;
    }

    /** A NaN or infinite epsilon or scale would turn every logit into NaN; a negative epsilon can divide by 0. */
    private static void finite(GgufMetadata m, String key, float value) {
        if (!Float.isFinite(value) || value < 0) {
            throw new GgufFormatException(m.file(), "key %s = %s must be finite and not negative"
                    .formatted(key, value));
        }
    }

    private static void divisible(GgufMetadata m, String key, int value, String byKey, int by) {
        if (by <= 0 || value % by != 0) {
            throw new GgufFormatException(m.file(), "inconsistent shapes: %s = %d is not divisible by %s = %d"
                    .formatted(key, value, byKey, by));
        }
    }

    private static int max(int[] values) {
        int max = 0;
        for (int v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    /** The layer pattern in HF's letters, as in {@code MEM*EME}. */
    public String pattern() {
        StringBuilder sb = new StringBuilder();
        layers.forEach(kind -> sb.append(kind.letter()));
        return sb.toString();
    }

    /** SSM channels per head (P). */
    public int ssmHeadDim() {
        return ssmInner / ssmHeads;
    }

    /** Channels of the causal conv: x plus B and C of every group. */
    public int ssmConvChannels() {
        return ssmInner + 2 * ssmGroups * ssmState;
    }

    /** Width of the Mamba input projection: z, xBC and one dt per head. */
    public int ssmInProjection() {
        return ssmInner + ssmConvChannels() + ssmHeads;
    }

    @Override
    public int[] headCountKv() {
        return headCountKv.clone();
    }

    @Override
    public int[] feedForward() {
        return feedForward.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NemotronConfig c && architecture.equals(c.architecture) && pattern().equals(c.pattern())
                && java.util.Arrays.equals(headCountKv, c.headCountKv)
                && java.util.Arrays.equals(feedForward, c.feedForward) && toString().equals(c.toString());
    }

    @Override
    public int hashCode() {
        return pattern().hashCode();
    }

    @Override
    public String toString() {
        return ("NemotronConfig[%s %s, D=%d, heads %d x %d/%d, ssm %d heads x %d, N=%d, G=%d, conv %d, "
                + "experts %d top-%d x %d, shared %d, latent %d]").formatted(architecture, pattern(), embedding,
                headCount, keyLength, valueLength, ssmHeads, ssmInner / Math.max(1, ssmHeads), ssmState, ssmGroups,
                ssmConvKernel, expertCount, expertUsed, expertFeedForward, sharedFeedForward, moeLatent);
    }
}
