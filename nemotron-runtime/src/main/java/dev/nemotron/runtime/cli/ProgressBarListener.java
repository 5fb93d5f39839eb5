package dev.nemotron.runtime.cli;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.nemotron.runtime.hub.DownloadListener;
import dev.nemotron.runtime.hub.DownloadProgress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Draws a model download as a terminal progress bar on standard error (MB done of total, MB/s, time left).
 *
 * <p>The bar starts at the bytes already present, so resumed or cached files neither inflate the speed nor
 * shorten the estimate; the time left is the tracker's, which counts only this run's bytes.
 */
final class ProgressBarListener implements DownloadListener, AutoCloseable {

    private static final long MB = 1_000_000;

    private @Nullable ProgressBar bar;
    private volatile @Nullable Duration remaining;

    @Override
    public synchronized void progress(DownloadProgress progress) {
        remaining = progress.remaining();
        if (bar == null) {
            bar = ProgressBar.builder()
                    .setTaskName(progress.model())
                    .setInitialMax(progress.bytesTotal())
                    .startsFrom(progress.bytesDone(), Duration.ZERO)
                    .setUnit("MB", MB)
                    .showSpeed()
                    .setEtaFunction(state -> Optional.ofNullable(remaining))
                    .setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .setUpdateIntervalMillis(500)
                    .build();
        }
        bar.stepTo(progress.bytesDone());
        bar.setExtraMessage(progress.file());
    }

    @Override
    public synchronized void finished(DownloadProgress progress) {
        if (bar != null) {
            bar.stepTo(progress.bytesTotal());
        }
        close();
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
