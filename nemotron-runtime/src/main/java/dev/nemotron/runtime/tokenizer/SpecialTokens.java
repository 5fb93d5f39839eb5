package dev.nemotron.runtime.tokenizer;

/**
 * The special token ids of a vocabulary and whether BOS / EOS are added when tokenizing with special tokens.
 *
 * @param bos    beginning of sequence, or {@link #NONE}
 * @param eos    end of sequence, or {@link #NONE}
 * @param eot    end of turn, or {@link #NONE} to let the vocabulary find it by its text as llama.cpp does
 * @param pad    padding, or {@link #NONE}
 * @param unk    unknown token, or {@link #NONE}
 * @param addBos prepend {@code bos} when special tokens are added
 * @param addEos append {@code eos} when special tokens are added
 */
public record SpecialTokens(int bos, int eos, int eot, int pad, int unk, boolean addBos, boolean addEos) {

    /** Marks an absent special token. */
    public static final int NONE = -1;

    /** No special tokens at all and nothing added. */
    public static SpecialTokens none() {
        return new SpecialTokens(NONE, NONE, NONE, NONE, NONE, false, false);
    }
}
