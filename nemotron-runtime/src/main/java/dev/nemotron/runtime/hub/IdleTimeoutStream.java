package dev.nemotron.runtime.hub;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A response body that closes itself when no byte arrives for the timeout.
 *
 * <p>{@link java.net.http.HttpClient}'s request timeout ends at the response headers; a server that stalls in the
 * middle of a 30 GB body would block the reader forever. Closing the body from the watchdog thread makes the
 * blocked read fail, and the download is then resumed like any other broken transfer.
 */
final class IdleTimeoutStream extends FilterInputStream {

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "nemotron-download-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final Duration timeout;
    private final ScheduledFuture<?> check;
    private volatile long lastActivity = System.nanoTime();
    private volatile boolean timedOut;

    IdleTimeoutStream(InputStream body, Duration timeout) {
        super(body);
        this.timeout = timeout;
        long period = Math.max(10, timeout.toMillis() / 4);
        this.check = WATCHDOG.scheduleAtFixedRate(this::closeIfIdle, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public int read() throws IOException {
        try {
            int value = super.read();
            lastActivity = System.nanoTime();
            return value;
        } catch (IOException e) {
            throw translated(e);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            int read = super.read(buffer, offset, length);
            lastActivity = System.nanoTime();
            return read;
        } catch (IOException e) {
            throw translated(e);
        }
    }

    @Override
    public void close() throws IOException {
        check.cancel(false);
        super.close();
    }

    private IOException translated(IOException e) {
        return timedOut ? new HttpTimeoutException("no data for %d ms".formatted(timeout.toMillis())) : e;
    }

    private void closeIfIdle() {
        if (System.nanoTime() - lastActivity <= timeout.toNanos()) {
            return;
        }
        timedOut = true;
        check.cancel(false);
        try {
            in.close();
        } catch (IOException e) {
            // The blocked reader gets the failure; nothing more to report from the watchdog.
        }
    }
}
