package dev.nemotron.runtime.serve;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds the sequences computed at once: a request takes a {@link Permit} for its sequence, waits in a bounded
 * queue while all are taken, and is rejected with {@link EngineBusyException} when the queue is full or its wait
 * times out, so load beyond the limit costs a thread and no model memory. {@link #close()} rejects new and
 * waiting requests; {@link #awaitIdle()} then waits until the running ones returned their permits.
 */
public final class Admission {

    private final int maxConcurrentSequences;
    private final int maxQueuedRequests;
    private final Duration timeout;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** The threads holding a permit, once per permit. */
    private final List<Thread> holders = new ArrayList<>();
    private int waiting;
    private boolean closed;

    public Admission(ServingOptions options) {
        this.maxConcurrentSequences = options.maxConcurrentSequences();
        this.maxQueuedRequests = options.maxQueuedRequests();
        this.timeout = options.admissionTimeout();
    }

    /**
     * Takes a sequence, waiting up to the admission timeout for one to become free.
     *
     * @throws EngineBusyException   if the queue is full, the wait timed out or the thread was interrupted
     * @throws EngineClosedException if the engine is or gets closed
     */
    public Permit acquire() {
        lock.lock();
        try {
            requireOpen();
            if (holders.size() >= maxConcurrentSequences) {
                await();
            }
            holders.add(Thread.currentThread());
            return new Permit();
        } finally {
            lock.unlock();
        }
    }

    private void await() {
        if (waiting >= maxQueuedRequests) {
            throw busy("all %d sequences are busy and %d requests wait already (max-queued-requests)"
                    .formatted(maxConcurrentSequences, waiting));
        }
        waiting++;
        try {
            long nanos = timeout.toNanos();
            while (holders.size() >= maxConcurrentSequences && !closed) {
                if (nanos <= 0) {
                    throw busy("all %d sequences stayed busy for the admission timeout of %s"
                            .formatted(maxConcurrentSequences, timeout));
                }
                nanos = changed.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy("interrupted while waiting for one of %d busy sequences".formatted(maxConcurrentSequences));
        } finally {
            waiting--;
        }
        requireOpen();
    }

    private EngineBusyException busy(String reason) {
        return new EngineBusyException(reason + "; nothing was computed, retry later (max-concurrent-sequences = "
                + maxConcurrentSequences + ", admission-timeout = " + timeout + ")", maxConcurrentSequences,
                timeout);
    }

    private void requireOpen() {
        if (closed) {
            throw new EngineClosedException("the chat engine is closed");
        }
    }

    /** Rejects new requests and wakes the waiting ones, which fail with {@link EngineClosedException}. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until every permit is returned.
     *
     * @throws IllegalStateException if the calling thread holds a permit itself, which would wait forever
     */
    public void awaitIdle() {
        lock.lock();
        try {
            if (holders.contains(Thread.currentThread())) {
                throw new IllegalStateException("the engine cannot be closed from inside one of its own calls (a "
                        + "listener); cancel the call instead");
            }
            while (!holders.isEmpty()) {
                changed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sequences taken now. */
    public int active() {
        lock.lock();
        try {
            return holders.size();
        } finally {
            lock.unlock();
        }
    }

    /** Requests waiting now. */
    public int waiting() {
        lock.lock();
        try {
            return waiting;
        } finally {
            lock.unlock();
        }
    }

    /** One admitted sequence; closing it lets the next request in. */
    public final class Permit implements AutoCloseable {

        private final Thread holder = Thread.currentThread();
        private boolean released;

        private Permit() {
        }

        @Override
        public void close() {
            lock.lock();
            try {
                if (!released) {
                    released = true;
                    holders.remove(holder);
                    changed.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
