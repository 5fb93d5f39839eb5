package dev.nemotron.runtime.generate;

/**
 * The outcome of one generation.
 *
 * @param tokens       the generated token ids (an end-of-generation token included when it ended the run)
 * @param text         the generated text, without a stop sequence that ended it
 * @param stopReason   why generation ended
 * @param promptTokens tokens of the prompt
 * @param prefillNanos time to process the prompt
 * @param decodeNanos  time spent generating after the prompt
 */
public record GenerationResult(int[] tokens, String text, StopReason stopReason, int promptTokens, long prefillNanos,
        long decodeNanos) {

    public GenerationResult {
        tokens = tokens.clone();
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    /** Generated tokens per second of decode time. */
    public double decodeTokensPerSecond() {
        return decodeNanos > 0 ? tokens.length * 1e9 / decodeNanos : 0;
    }

    /** Prompt tokens per second of prefill time. */
    public double prefillTokensPerSecond() {
        return prefillNanos > 0 ? promptTokens * 1e9 / prefillNanos : 0;
    }
}
