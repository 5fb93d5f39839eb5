package dev.nemotron.runtime.model;

/** The mixer of one NemotronH block, with its letter in HF's {@code hybrid_override_pattern}. */
public enum LayerKind {
    /** Mamba-2 selective-state-space mixer. */
    MAMBA('M'),
    /** Grouped-query attention without positional encoding. */
    ATTENTION('*'),
    /** Sparse mixture of ReLU² experts with a shared expert. */
    MOE('E'),
    /** Dense ReLU² MLP. */
    MLP('-');

    private final char letter;

    LayerKind(char letter) {
        this.letter = letter;
    }

    public char letter() {
        return letter;
    }
}
