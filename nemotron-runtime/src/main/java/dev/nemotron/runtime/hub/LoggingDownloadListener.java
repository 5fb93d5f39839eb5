package dev.nemotron.runtime.hub;

import java.time.Duration;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one info line every few seconds while a model downloads (percent, MB/s, time left), and one when it is done.
 */
public final class LoggingDownloadListener implements DownloadListener {

    private static final Logger log = LoggerFactory.getLogger(LoggingDownloadListener.class);
    private static final double MB = 1e6;
    private static final double GB = 1e9;

    private final long intervalNanos;
    private long lastLogged = Long.MIN_VALUE;

    /** Logs every five seconds. */
    public LoggingDownloadListener() {
        this(Duration.ofSeconds(5));
    }

    /** Logs at most once per {@code interval}. */
    public LoggingDownloadListener(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public synchronized void progress(DownloadProgress progress) {
        long now = System.nanoTime();
        if (lastLogged != Long.MIN_VALUE && now - lastLogged < intervalNanos) {
            return;
        }
        lastLogged = now;
        log.info(describe(progress));
    }

    @Override
    public void finished(DownloadProgress progress) {
        log.info("Model {} is in the cache ({})", progress.model(), size(progress.bytesTotal()));
    }

    /** The line logged for a progress state, as in {@code Downloading x: 42.0% of 33.1 GB, 85.3 MB/s, 3m 12s left}. */
    static String describe(DownloadProgress progress) {
        return String.format(Locale.ROOT, "Downloading %s: %.1f%% of %s, %.1f MB/s, %s (%s)", progress.model(),
                100 * progress.fraction(), size(progress.bytesTotal()), progress.bytesPerSecond() / MB,
                progress.timeLeft().map(d -> duration(d) + " left").orElse("time left unknown"), progress.file());
    }

    static String size(long bytes) {
        return bytes >= GB ? String.format(Locale.ROOT, "%.1f GB", bytes / GB)
                : String.format(Locale.ROOT, "%.1f MB", bytes / MB);
    }

    static String duration(Duration d) {
        long seconds = d.toSeconds();
        if (seconds >= 3600) {
            return "%dh %02dm".formatted(seconds / 3600, seconds % 3600 / 60);
        }
        return seconds >= 60 ? "%dm %02ds".formatted(seconds / 60, seconds % 60) : seconds + "s";
    }
}
