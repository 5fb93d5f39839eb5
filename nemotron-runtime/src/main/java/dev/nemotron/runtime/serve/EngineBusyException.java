package dev.nemotron.runtime.serve;

import java.time.Duration;

/**
 * A request found every sequence busy and the wait for one full or timed out. Nothing was computed for it, so
 * it may be retried as it is (HTTP 503 or 429 with a retry hint).
 */
public final class EngineBusyException extends RuntimeException {

    private final int maxConcurrentSequences;
    private final Duration admissionTimeout;

    EngineBusyException(String message, int maxConcurrentSequences, Duration admissionTimeout) {
        super(message);
        this.maxConcurrentSequences = maxConcurrentSequences;
        this.admissionTimeout = admissionTimeout;
    }

    /** The limit that was reached. */
    public int maxConcurrentSequences() {
        return maxConcurrentSequences;
    }

    /** How long a request may wait for a sequence. */
    public Duration admissionTimeout() {
        return admissionTimeout;
    }

    /** Always {@code true}: the request may be sent again. */
    public boolean retryable() {
        return true;
    }
}
