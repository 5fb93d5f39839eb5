package dev.nemotron.runtime.chat;

import java.time.Duration;

/**
 * Token counts and timings of one completion.
 *
 * @param promptTokens       tokens of the rendered prompt
 * @param cachedPromptTokens of those, tokens whose state was restored from an earlier request instead of computed
 * @param completionTokens   tokens generated
 * @param promptDuration     time spent evaluating the prompt
 * @param generationDuration time spent generating
 */
public record ChatUsage(int promptTokens, int cachedPromptTokens, int completionTokens, Duration promptDuration,
        Duration generationDuration) {

    /** Prompt tokens evaluated per second, counting only those actually computed. */
    public double promptTokensPerSecond() {
        return perSecond(promptTokens - cachedPromptTokens, promptDuration);
    }

    /** Generated tokens per second. */
    public double generationTokensPerSecond() {
        return perSecond(completionTokens, generationDuration);
    }

    private static double perSecond(int tokens, Duration duration) {
        return duration.isZero() ? 0 : tokens / (duration.toNanos() / 1e9);
    }
}
