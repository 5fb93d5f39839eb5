package dev.nemotron.spring.ai;

import java.time.Duration;

import org.springframework.ai.retry.TransientAiException;

import dev.nemotron.runtime.serve.EngineBusyException;

/**
 * Every sequence of the engine stayed busy and the request could not wait for one (the queue was full or the
 * admission timeout passed). Nothing was computed, so the request may be sent again as it is; Spring AI's retry
 * support treats it as transient, and a web application answers it with 503 or 429.
 */
public class NemotronBusyException extends TransientAiException {

    private final int maxConcurrentSequences;

    private final Duration admissionTimeout;

    public NemotronBusyException(EngineBusyException cause) {
        super(cause.getMessage(), cause);
        this.maxConcurrentSequences = cause.maxConcurrentSequences();
        this.admissionTimeout = cause.admissionTimeout();
    }

    /** The limit that was reached, {@code spring.ai.nemotron.max-concurrent-sequences}. */
    public int getMaxConcurrentSequences() {
        return this.maxConcurrentSequences;
    }

    /** How long a request may wait for a sequence, {@code spring.ai.nemotron.admission-timeout}. */
    public Duration getAdmissionTimeout() {
        return this.admissionTimeout;
    }
}
