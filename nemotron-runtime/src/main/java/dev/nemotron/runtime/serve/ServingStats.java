package dev.nemotron.runtime.serve;

/**
 * What an engine holds at one moment, for monitoring and for leak checks.
 *
 * @param activeSequences requests admitted and running
 * @param queuedRequests  requests waiting for a sequence
 * @param openSequences   sequence states not yet freed
 * @param sequenceBytes   bytes of those states (conv and SSM arrays, KV pages)
 * @param snapshots       snapshots in the prefix cache
 * @param snapshotBytes   bytes of those snapshots, at most the prefix-cache budget
 */
public record ServingStats(int activeSequences, int queuedRequests, int openSequences, long sequenceBytes,
        int snapshots, long snapshotBytes) {
}
