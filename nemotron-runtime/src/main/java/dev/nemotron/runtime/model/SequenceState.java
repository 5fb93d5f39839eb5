package dev.nemotron.runtime.model;

import org.jspecify.annotations.Nullable;

/**
 * The state of one token sequence: conv and SSM state for each Mamba block, the KV cache of each attention block,
 * and the number of tokens consumed. Obtained from {@link NemotronModel#newSequence()}.
 */
public final class SequenceState {

    private final @Nullable Object[] layers;
    private final int contextLength;
    private int position;

    SequenceState(@Nullable Object[] layers, int contextLength) {
        this.layers = layers;
        this.contextLength = contextLength;
    }

    /** Tokens consumed so far: the position of the next token. */
    public int position() {
        return position;
    }

    /** Tokens the sequence may hold. */
    public int contextLength() {
        return contextLength;
    }

    @Nullable Object layer(int i) {
        return layers[i];
    }

    void advance(int tokens) {
        position += tokens;
    }
}
