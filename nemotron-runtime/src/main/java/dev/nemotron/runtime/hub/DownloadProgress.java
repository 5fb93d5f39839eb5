package dev.nemotron.runtime.hub;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * How far the download of one model has come, over all its files.
 *
 * @param model          the variant id or URI being fetched
 * @param file           the file being transferred now
 * @param bytesDone      bytes present so far, including those found in the cache or resumed
 * @param bytesTotal     bytes of all files of the model
 * @param bytesPerSecond average rate of the bytes transferred in this run
 * @param remaining      estimated time left at that rate, or null before there is a rate
 */
public record DownloadProgress(String model, String file, long bytesDone, long bytesTotal, double bytesPerSecond,
                               @Nullable Duration remaining) {

    /** Done bytes over total bytes, 1 for an empty model. */
    public double fraction() {
        return bytesTotal == 0 ? 1 : (double) bytesDone / bytesTotal;
    }

    /** The estimated time left, if known. */
    public Optional<Duration> timeLeft() {
        return Optional.ofNullable(remaining);
    }
}
