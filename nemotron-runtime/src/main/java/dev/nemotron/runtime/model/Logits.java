package dev.nemotron.runtime.model;

/** The logits of every position of a token sequence, computed in one batch or token by token. */
public final class Logits {

    private Logits() {
    }

    /**
     * Runs {@code tokens} through a fresh sequence and returns {@code [tokens.length][vocab]} logits.
     *
     * @param batch whether to feed all tokens in one forward call (prefill) or one token per call (decode)
     */
    public static float[] compute(NemotronModel model, int[] tokens, boolean batch) {
        int vocab = model.vocabSize();
        float[] logits = new float[tokens.length * vocab];
        SequenceState sequence = model.newSequence();
        if (batch) {
            model.forward(sequence, tokens, 0, tokens.length, logits, true);
            return logits;
        }
        float[] row = new float[vocab];
        for (int t = 0; t < tokens.length; t++) {
            model.forward(sequence, tokens, t, 1, row, false);
            System.arraycopy(row, 0, logits, t * vocab, vocab);
        }
        return logits;
    }
}
