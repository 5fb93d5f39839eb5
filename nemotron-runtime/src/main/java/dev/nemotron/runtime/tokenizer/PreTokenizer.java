package dev.nemotron.runtime.tokenizer;

import java.util.List;

/**
 * How text is split before BPE merges run, with the flags llama.cpp attaches to each GGUF pre-tokenizer name.
 */
public enum PreTokenizer {

    /**
     * The Llama-3 pattern (GGUF {@code pixtral}, {@code llama-bpe}, {@code llama3} …): digits in runs of at most
     * three, case-insensitive contractions, and {@code ignore_merges} (a pre-token that is itself a vocabulary
     * entry is emitted whole). BOS is added unless the file says otherwise.
     */
    LLAMA3(true, true, true);

    /** GGUF {@code tokenizer.ggml.pre} values that llama.cpp maps to {@link #LLAMA3}. */
    private static final List<String> LLAMA3_NAMES = List.of("llama3", "llama-v3", "llama-bpe", "falcon3",
            "falcon-h1", "pixtral", "midm-2.0", "lfm2");

    private final boolean ignoreMerges;
    private final boolean addBosByDefault;
    private final boolean cleanSpaces;

    PreTokenizer(boolean ignoreMerges, boolean addBosByDefault, boolean cleanSpaces) {
        this.ignoreMerges = ignoreMerges;
        this.addBosByDefault = addBosByDefault;
        this.cleanSpaces = cleanSpaces;
    }

    /** Whether a whole pre-token found in the vocabulary skips the merges. */
    public boolean ignoreMerges() {
        return ignoreMerges;
    }

    /** llama.cpp's {@code add_bos} when {@code tokenizer.ggml.add_bos_token} is absent. */
    public boolean addBosByDefault() {
        return addBosByDefault;
    }

    /** Whether detokenizing removes the spaces before {@code ?!.,} and contractions ({@code clean_spaces}). */
    public boolean cleanSpaces() {
        return cleanSpaces;
    }

    /**
     * The pre-tokenizer of a GGUF {@code tokenizer.ggml.pre} value.
     *
     * @throws TokenizerException for a name this engine does not implement
     */
    public static PreTokenizer fromGgufName(String name) {
        if (LLAMA3_NAMES.contains(name)) {
            return LLAMA3;
        }
        throw new TokenizerException("tokenizer.ggml.pre '" + name + "' is not supported; supported: "
                + String.join(", ", LLAMA3_NAMES));
    }
}
