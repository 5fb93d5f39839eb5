package dev.nemotron.runtime.parallel;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine's own fixed pool of daemon compute threads (never the common ForkJoinPool, whose threads other
 * libraries share).
 *
 * <p>{@link #run} splits an index range into chunks that the workers and the calling thread take from a shared
 * counter until none is left, and returns when all are done. A pool serves one {@code run} at a time; the
 * hand-over uses semaphores and a few fields, so a call allocates nothing beyond the task the caller passes.
 */
public final class ComputePool implements AutoCloseable {

    /** Chunks per thread: enough to even out uneven rows, few enough to keep the counter cold. */
    private static final int CHUNKS_PER_THREAD = 4;

    private final int threads;
    private final Thread[] workers;
    private final Semaphore[] start;
    private final Semaphore done = new Semaphore(0);
    private final AtomicInteger nextChunk = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Object lock = new Object();
    private volatile RangeTask task;
    private volatile int total;
    private volatile int chunkSize;
    private volatile int chunks;
    private volatile boolean closed;

    /**
     * Starts a pool of {@code threads} threads in all, the caller of {@link #run} included.
     *
     * @param threads at least 1
     */
    public ComputePool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("a compute pool needs at least 1 thread, got " + threads);
        }
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        this.start = new Semaphore[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            Semaphore mine = new Semaphore(0);
            start[i] = mine;
            workers[i] = Thread.ofPlatform().daemon().name("nemotron-compute-" + (i + 1)).unstarted(() -> work(mine));
            workers[i].start();
        }
    }

    /** The default size: one thread per available processor (the JVM does not tell cores from hyperthreads). */
    public static int defaultThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** Threads in all, the caller included. */
    public int threads() {
        return threads;
    }

    /** Runs {@code task} over {@code [0, n)} in chunks across the pool and waits for all of them. */
    public void run(int n, RangeTask task) {
        if (n <= 0) {
            return;
        }
        if (threads == 1 || n == 1) {
            task.run(0, n);
            return;
        }
        synchronized (lock) {
            int size = Math.max(1, (n + threads * CHUNKS_PER_THREAD - 1) / (threads * CHUNKS_PER_THREAD));
            this.chunkSize = size;
            this.chunks = (n + size - 1) / size;
            this.total = n;
            this.task = task;
            nextChunk.set(0);
            for (Semaphore s : start) {
                s.release();
            }
            drain();
            done.acquireUninterruptibly(workers.length);
            this.task = null;
            Throwable error = failure.getAndSet(null);
            if (error instanceof RuntimeException e) {
                throw e;
            }
            if (error instanceof Error e) {
                throw e;
            }
        }
    }

    private void drain() {
        RangeTask current = task;
        int size = chunkSize;
        int count = chunks;
        int n = total;
        for (int c = nextChunk.getAndIncrement(); c < count; c = nextChunk.getAndIncrement()) {
            int from = c * size;
            try {
                current.run(from, Math.min(n, from + size));
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }
    }

    private void work(Semaphore mine) {
        while (true) {
            mine.acquireUninterruptibly();
            if (closed) {
                return;
            }
            drain();
            done.release();
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Semaphore s : start) {
            s.release();
        }
    }
}
