package dev.nemotron.runtime.synthetic;

import java.util.random.RandomGenerator;

/**
 * The shape of a synthetic NemotronH model.
 *
 * <p>The pattern uses the letters of Hugging Face's {@code hybrid_override_pattern}: {@code M} Mamba-2,
 * {@code *} attention, {@code E} MoE, {@code -} dense ReLU² MLP. A pattern holds {@code E} or {@code -} layers,
 * never both; with {@code E} the architecture is {@code nemotron_h_moe}, else {@code nemotron_h}.
 *
 * @param pattern     layer kinds, one letter per block
 * @param hidden      embedding width
 * @param heads       attention query heads
 * @param kvHeads     attention key/value heads (divides {@code heads})
 * @param headDim     attention head dimension
 * @param ssmHeads    Mamba-2 heads
 * @param ssmHeadDim  channels per Mamba-2 head
 * @param ssmState    SSM state size N
 * @param ssmGroups   B/C groups (divides {@code ssmHeads})
 * @param convKernel  depthwise conv width
 * @param experts     routed experts ({@code E} layers)
 * @param expertsUsed experts selected per token
 * @param expertFfn   routed expert width
 * @param sharedFfn   shared expert width
 * @param denseFfn    dense MLP width ({@code -} layers)
 * @param vocab       vocabulary size (at least 277)
 * @param tiedOutput  whether the output head reuses the token embedding
 */
public record Geometry(String pattern, int hidden, int heads, int kvHeads, int headDim, int ssmHeads, int ssmHeadDim,
        int ssmState, int ssmGroups, int convKernel, int experts, int expertsUsed, int expertFfn, int sharedFfn,
        int denseFfn, int vocab, boolean tiedOutput) {

    /** Smallest vocabulary: 20 control tokens, 256 byte tokens and one merge. */
    public static final int MIN_VOCAB = 277;

    public Geometry {
        if (pattern.contains("E") && pattern.contains("-")) {
            throw new IllegalArgumentException("pattern " + pattern + " mixes MoE (E) and dense MLP (-) layers");
        }
        if (heads % kvHeads != 0 || ssmHeads % ssmGroups != 0 || expertsUsed > experts || vocab < MIN_VOCAB) {
            throw new IllegalArgumentException("inconsistent geometry " + pattern);
        }
    }

    /** The golden {@code tiny} preset of {@code shared/golden} ({@code MEM*EME}, hidden 64). */
    public static Geometry tiny() {
        return new Geometry("MEM*EME", 64, 4, 2, 16, 8, 16, 16, 2, 4, 8, 2, 32, 64, 128, 512, false);
    }

    /**
     * Nemotron-3-Nano-30B-A3B's real layer shapes on a short pattern such as {@code "ME*"}: hidden 2688, 128
     * experts of 1856 with top-6 and a shared expert of 3712, 32/2 heads of 128, Mamba 64×64 with state 128 in 8
     * groups, vocabulary 131072.
     */
    public static Geometry nano(String pattern) {
        return new Geometry(pattern, 2688, 32, 2, 128, 64, 64, 128, 8, 4, 128, 6, 1856, 3712, 1856, 131072, false);
    }

    /**
     * A random small geometry that llama.cpp accepts: every divisibility rule of its Mamba-2 and attention
     * builders holds, MoE layers have at least two experts (one expert group must be fewer than the experts), and
     * the sizes are multiples of {@code multiple} so that block formats apply.
     */
    public static Geometry random(RandomGenerator random, int multiple) {
        boolean moe = random.nextBoolean() || random.nextBoolean();
        String pattern = randomPattern(random, moe);
        int hidden = multiple * random.nextInt(1, Math.max(2, 320 / multiple));
        int kvHeads = random.nextInt(1, 4);
        int heads = kvHeads * random.nextInt(1, 5);
        int headDim = 8 * random.nextInt(1, 9);
        int ssmGroups = random.nextInt(1, 4);
        int ssmHeads = ssmGroups * random.nextInt(1, 5);
        int ssmHeadDim = multiple * random.nextInt(1, Math.max(2, 64 / multiple));
        int ssmState = pick(random, 4, 8, 16, 32);
        while ((ssmHeads * ssmHeadDim) % ssmState != 0) {
            ssmState /= 2;
        }
        int experts = random.nextInt(2, 17);
        int expertsUsed = random.nextInt(1, Math.min(experts, 6) + 1);
        int expertFfn = multiple * random.nextInt(1, Math.max(2, 128 / multiple));
        int sharedFfn = multiple * random.nextInt(1, Math.max(2, 256 / multiple));
        int denseFfn = multiple * random.nextInt(1, Math.max(2, 256 / multiple));
        int vocab = random.nextInt(MIN_VOCAB, 2049);
        return new Geometry(pattern, hidden, heads, kvHeads, headDim, ssmHeads, ssmHeadDim, ssmState, ssmGroups,
                pick(random, 2, 3, 4), experts, expertsUsed, expertFfn, sharedFfn, denseFfn, vocab,
                random.nextInt(4) == 0);
    }

    /** {@code nemotron_h_moe} when the pattern has MoE layers, else {@code nemotron_h}. */
    public String architecture() {
        return pattern.contains("E") ? "nemotron_h_moe" : "nemotron_h";
    }

    /** Mamba-2 inner width: heads × head dimension. */
    public int ssmInner() {
        return ssmHeads * ssmHeadDim;
    }

    /** Channels of the causal conv: x, B and C. */
    public int convChannels() {
        return ssmInner() + 2 * ssmGroups * ssmState;
    }

    /**
     * A pattern with at least one Mamba-2 and one attention layer, as every model of the family has: llama.cpp's
     * hybrid memory cannot allocate an empty recurrent or KV cache.
     */
    private static String randomPattern(RandomGenerator random, boolean moe) {
        String required = moe ? "M*E" : "M*";
        String letters = moe ? "ME*" : "M-*";
        StringBuilder pattern = new StringBuilder(required);
        int length = random.nextInt(required.length(), 9);
        while (pattern.length() < length) {
            pattern.append(letters.charAt(random.nextInt(letters.length())));
        }
        for (int i = pattern.length() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            char swap = pattern.charAt(i);
            pattern.setCharAt(i, pattern.charAt(j));
            pattern.setCharAt(j, swap);
        }
        return pattern.toString();
    }

    private static int pick(RandomGenerator random, int... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
