package dev.nemotron.runtime.sampling;

import java.util.SplittableRandom;

/**
 * Picks the next token from a row of logits with llama.cpp's usual sampler chain: penalties, top-k, top-p, min-p,
 * temperature, then a draw from the softmax of what is left (or the most likely token when the temperature is
 * 0). Top-p and min-p see the logits before temperature, as in llama.cpp.
 *
 * <p>The same seed and the same sequence of logits and accepted tokens give the same tokens. Buffers are sized
 * for the vocabulary once; sampling a token allocates nothing. Not thread-safe: one sampler per sequence.
 */
public final class Sampler {

    /** llama.cpp's {@code min_keep}: no filter may leave fewer candidates than this. */
    private static final int MIN_KEEP = 1;

    private final SamplerSettings settings;
    private final Candidates candidates;
    private final PenaltyWindow window;
    private SplittableRandom random;

    public Sampler(int vocabularySize, SamplerSettings settings) {
        this.settings = settings;
        this.candidates = new Candidates(vocabularySize);
        this.window = new PenaltyWindow(settings.penaltyLastN(), vocabularySize);
        this.random = newRandom();
    }

    public SamplerSettings settings() {
        return settings;
    }

    /** The next token for these logits (one per vocabulary entry). The array is not modified. */
    public int sample(float[] logits) {
        candidates.load(logits);
        if (settings.penalises()) {
            window.apply(candidates.logits, (float) settings.repetitionPenalty(),
                    (float) settings.frequencyPenalty(), (float) settings.presencePenalty());
        }
        if (settings.temperature() <= 0) {
            return candidates.argmax();
        }
        candidates.topK(settings.topK());
        candidates.topP(settings.topP(), MIN_KEEP);
        candidates.minP(settings.minP(), MIN_KEEP);
        candidates.temperature(settings.temperature());
        return candidates.draw(random);
    }

    /** Records a token of the sequence (prompt or generated) for the penalties. */
    public void accept(int token) {
        window.accept(token);
    }

    /** Forgets the accepted tokens and restarts the random sequence from the seed. */
    public void reset() {
        window.clear();
        random = newRandom();
    }

    private SplittableRandom newRandom() {
        Long seed = settings.seed();
        return seed != null ? new SplittableRandom(seed) : new SplittableRandom();
    }
}
