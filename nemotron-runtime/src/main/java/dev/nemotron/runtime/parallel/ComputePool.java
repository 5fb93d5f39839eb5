package dev.nemotron.runtime.parallel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The engine's own fixed pool of daemon compute threads (never the common ForkJoinPool, whose threads other
 * libraries share).
 *
 * <p>{@link #run} splits an index range into chunks that the workers and the calling thread take from a shared
 * counter until none is left, and returns when all are done. A pool serves one {@code run} at a time. The
 * hand-over is a generation counter, a countdown and {@link LockSupport} park/unpark after a short spin, so a
 * call allocates nothing (semaphores would allocate a wait node whenever a thread blocks), which keeps the decode
 * loop free of garbage.
 */
public final class ComputePool implements AutoCloseable {

    /** Chunks per thread: enough to even out uneven rows, few enough to keep the counter cold. */
    private static final int CHUNKS_PER_THREAD = 4;
    /** Spins before parking: a matmul of the decode loop often ends sooner than a park/unpark round trip. */
    private static final int SPINS = 2_000;

    private final int threads;
    private final Thread[] workers;
    private final AtomicInteger nextChunk = new AtomicInteger();
    private final AtomicInteger remaining = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Object lock = new Object();
    private volatile long generation;
    private volatile RangeTask task = (from, to) -> { };
    private volatile int total;
    private volatile int chunkSize;
    private volatile int chunks;
    private volatile Thread caller = Thread.currentThread();
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
        for (int i = 0; i < workers.length; i++) {
            workers[i] = Thread.ofPlatform().daemon().name("nemotron-compute-" + (i + 1)).unstarted(this::work);
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
            this.caller = Thread.currentThread();
            nextChunk.set(0);
            remaining.set(workers.length);
            generation++;
            for (Thread worker : workers) {
                LockSupport.unpark(worker);
            }
            drain();
            awaitWorkers();
            Throwable error = failure.getAndSet(null);
            if (error instanceof RuntimeException e) {
                throw e;
            }
            if (error instanceof Error e) {
                throw e;
            }
        }
    }

    private void awaitWorkers() {
        for (int spin = 0; remaining.get() > 0; spin++) {
            if (spin < SPINS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
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

    private void work() {
        long seen = 0;
        while (true) {
            for (int spin = 0; generation == seen && !closed; spin++) {
                if (spin < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            if (closed) {
                return;
            }
            seen = generation;
            drain();
            if (remaining.decrementAndGet() == 0) {
                LockSupport.unpark(caller);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread worker : workers) {
            LockSupport.unpark(worker);
        }
    }
}
