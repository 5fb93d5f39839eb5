package dev.nemotron.runtime.hub;

import java.time.Duration;

/**
 * Sums the progress of one model's files and passes it to the listener at most every quarter second.
 *
 * <p>The rate counts only bytes transferred in this run, so that resumed or cached bytes do not make the
 * estimate of the time left optimistic.
 */
final class ProgressTracker {

    private static final long INTERVAL_NANOS = Duration.ofMillis(250).toNanos();

    private final String model;
    private final long total;
    private final DownloadListener listener;
    private final long started = System.nanoTime();
    private long completedFiles;
    private long currentFile;
    private long transferred;
    private String file = "";
    private long lastReport = Long.MIN_VALUE;

    ProgressTracker(String model, long total, DownloadListener listener) {
        this.model = model;
        this.total = total;
        this.listener = listener;
    }

    /** The file now being fetched, with {@code present} bytes of it already on disk. */
    synchronized void file(String path, long present) {
        file = path;
        currentFile = present;
        report();
    }

    /** Bytes that arrived from the network for the current file. */
    synchronized void transferred(long bytes) {
        currentFile += bytes;
        transferred += bytes;
        report();
    }

    /** The current file is in the cache; a model found whole in the cache reports no progress, only its end. */
    synchronized void fileDone(long size) {
        completedFiles += size;
        currentFile = 0;
        if (transferred > 0) {
            report();
        }
    }

    /** Bytes of this run's transfers, for retry decisions. */
    synchronized long transferred() {
        return transferred;
    }

    synchronized void finish() {
        listener.finished(snapshot());
    }

    private void report() {
        long now = System.nanoTime();
        if (lastReport == Long.MIN_VALUE || now - lastReport >= INTERVAL_NANOS) {
            lastReport = now;
            listener.progress(snapshot());
        }
    }

    private DownloadProgress snapshot() {
        long done = Math.min(total, completedFiles + currentFile);
        double seconds = (System.nanoTime() - started) / 1e9;
        double rate = seconds > 0 ? transferred / seconds : 0;
        Duration remaining = rate > 0 ? Duration.ofSeconds((long) Math.ceil((total - done) / rate)) : null;
        return new DownloadProgress(model, file, done, total, rate, remaining);
    }
}
