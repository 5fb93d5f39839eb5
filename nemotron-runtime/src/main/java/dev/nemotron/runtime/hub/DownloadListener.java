package dev.nemotron.runtime.hub;

/**
 * Receives the progress of a model download; called from the downloading thread, at most a few times a second.
 */
public interface DownloadListener {

    /** Some bytes arrived. */
    void progress(DownloadProgress progress);

    /** All files of the model are in the cache; {@code progress} is the final state. */
    default void finished(DownloadProgress progress) {
    }

    /** A listener that ignores everything. */
    static DownloadListener none() {
        return progress -> {
        };
    }
}
