package dev.nemotron.runtime.model;

import org.jspecify.annotations.Nullable;

/** The mixer of one block: maps the normalised block input of a batch of tokens to the residual update. */
interface Mixer {

    /**
     * Computes the update for {@code count} consecutive tokens of one sequence.
     *
     * @param u     normalised inputs, {@code [count][D]}
     * @param count tokens in the batch
     * @param out   receives {@code [count][D]}
     * @param state this block's per-sequence state, {@code null} for stateless mixers
     * @param position sequence position of the first token
     */
    void forward(float[] u, int count, float[] out, @Nullable Object state, int position);

    /** A fresh per-sequence state for this block, or {@code null} if the mixer keeps none. */
    default @Nullable Object newState(int contextLength) {
        return null;
    }
}
