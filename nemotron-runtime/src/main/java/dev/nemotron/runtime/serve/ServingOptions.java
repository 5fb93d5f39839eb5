package dev.nemotron.runtime.serve;

import java.time.Duration;

/**
 * How an engine serves concurrent requests.
 *
 * @param maxConcurrentSequences sequences computed at once; each holds its own conv, SSM and KV state
 * @param maxQueuedRequests      requests that may wait for a free sequence; one more is rejected at once
 * @param admissionTimeout       how long a request waits for a free sequence before it is rejected
 * @param prefixCacheBytes       memory for state snapshots that let a later request skip the prompt prefix it
 *                               shares with an earlier one; 0 turns prefix reuse off
 */
public record ServingOptions(int maxConcurrentSequences, int maxQueuedRequests, Duration admissionTimeout,
        long prefixCacheBytes) {

    /** Sequences computed at once unless configured. */
    public static final int DEFAULT_MAX_CONCURRENT_SEQUENCES = 4;
    /** Waiting requests unless configured. */
    public static final int DEFAULT_MAX_QUEUED_REQUESTS = 64;
    /** Wait for a free sequence unless configured. */
    public static final Duration DEFAULT_ADMISSION_TIMEOUT = Duration.ofSeconds(30);
    /** Snapshot memory unless configured: ten snapshots of Nemotron 3 Nano's Mamba state (about 48 MiB each). */
    public static final long DEFAULT_PREFIX_CACHE_BYTES = 512L << 20;

    public ServingOptions {
        if (maxConcurrentSequences < 1) {
            throw new IllegalArgumentException("maxConcurrentSequences must be at least 1, got "
                    + maxConcurrentSequences);
        }
        if (maxQueuedRequests < 0) {
            throw new IllegalArgumentException("maxQueuedRequests must not be negative, got " + maxQueuedRequests);
        }
        if (admissionTimeout.isNegative()) {
            throw new IllegalArgumentException("admissionTimeout must not be negative, got " + admissionTimeout);
        }
        if (prefixCacheBytes < 0) {
            throw new IllegalArgumentException("prefixCacheBytes must not be negative, got " + prefixCacheBytes);
        }
    }

    /** The defaults: 4 sequences, 64 waiting requests, 30 s wait, 512 MiB of snapshots. */
    public static ServingOptions defaults() {
        return new ServingOptions(DEFAULT_MAX_CONCURRENT_SEQUENCES, DEFAULT_MAX_QUEUED_REQUESTS,
                DEFAULT_ADMISSION_TIMEOUT, DEFAULT_PREFIX_CACHE_BYTES);
    }

    public ServingOptions withMaxConcurrentSequences(int maxConcurrentSequences) {
        return new ServingOptions(maxConcurrentSequences, maxQueuedRequests, admissionTimeout, prefixCacheBytes);
    }

    public ServingOptions withMaxQueuedRequests(int maxQueuedRequests) {
        return new ServingOptions(maxConcurrentSequences, maxQueuedRequests, admissionTimeout, prefixCacheBytes);
    }

    public ServingOptions withAdmissionTimeout(Duration admissionTimeout) {
        return new ServingOptions(maxConcurrentSequences, maxQueuedRequests, admissionTimeout, prefixCacheBytes);
    }

    public ServingOptions withPrefixCacheBytes(long prefixCacheBytes) {
        return new ServingOptions(maxConcurrentSequences, maxQueuedRequests, admissionTimeout, prefixCacheBytes);
    }
}
