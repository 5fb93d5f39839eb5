package dev.nemotron.runtime.serve;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.nemotron.runtime.model.SequenceState;

/**
 * Snapshots of sequence state at chosen token prefixes, so that a request whose prompt begins with such a prefix
 * (the next turn of a conversation) resumes from a copy of the snapshot instead of computing the prefix again.
 *
 * <p>Mamba conv and SSM state summarise every token before them and cannot be cut back to a shorter prefix, so a
 * snapshot is only ever reused whole, at exactly its own length, and only when the prompt matches all of its
 * tokens; anything else starts from an empty sequence. The KV caches of a snapshot hold exactly its positions.
 *
 * <p>Memory is bounded: snapshots (state plus token ids) take at most the budget, the least recently used is
 * evicted first, and a snapshot larger than the whole budget is not kept. Thread-safe; copies are made under
 * the cache's lock so that an eviction never frees a snapshot while it is copied.
 */
public final class PrefixCache implements AutoCloseable {

    /** A snapshot and the tokens it holds. */
    private record Entry(int[] tokens, SequenceState state, long bytes) {
    }

    /** A sequence resumed from a snapshot, holding the first {@code tokens} tokens of the prompt. */
    public record Restored(SequenceState sequence, int tokens) {
    }

    private final long budget;
    /** Least recently used first. */
    private final List<Entry> entries = new ArrayList<>();
    private long bytes;

    /** @param budget bytes the snapshots may take; 0 keeps none */
    public PrefixCache(long budget) {
        if (budget < 0) {
            throw new IllegalArgumentException("the prefix cache budget must not be negative, got " + budget);
        }
        this.budget = budget;
    }

    /**
     * A copy of the longest snapshot whose tokens begin {@code prompt} and leave at least one prompt token to
     * compute (the logits of the last prompt token are not part of a snapshot), or {@code null} if there is none.
     */
    public synchronized @Nullable Restored restore(int[] prompt) {
        Entry best = null;
        for (Entry entry : entries) {
            int n = entry.tokens.length;
            if (n < prompt.length && (best == null || n > best.tokens.length)
                    && Arrays.equals(entry.tokens, 0, n, prompt, 0, n)) {
                best = entry;
            }
        }
        if (best == null) {
            return null;
        }
        touch(best);
        return new Restored(best.state.copy(), best.tokens.length);
    }

    /**
     * Keeps a snapshot of {@code sequence}, which holds exactly {@code tokens[0, length)}, evicting the least
     * recently used snapshots to make room. Does nothing if that prefix is kept already or does not fit the
     * budget at all.
     */
    public synchronized void save(int[] tokens, int length, SequenceState sequence) {
        if (sequence.position() != length) {
            throw new IllegalArgumentException("a sequence at position %d cannot be kept as a prefix of %d tokens"
                    .formatted(sequence.position(), length));
        }
        for (Entry entry : entries) {
            if (Arrays.equals(entry.tokens, 0, entry.tokens.length, tokens, 0, length)) {
                touch(entry);
                return;
            }
        }
        long size = sequence.bytes() + (long) Integer.BYTES * length;
        if (size > budget) {
            return;
        }
        while (bytes + size > budget) {
            evict(entries.getFirst());
        }
        entries.add(new Entry(Arrays.copyOf(tokens, length), sequence.copy(), size));
        bytes += size;
    }

    private void touch(Entry entry) {
        entries.remove(entry);
        entries.add(entry);
    }

    private void evict(Entry entry) {
        entries.remove(entry);
        bytes -= entry.bytes;
        entry.state.close();
    }

    /** Whether the budget lets any snapshot be kept. */
    public boolean enabled() {
        return budget > 0;
    }

    /** Bytes the snapshots take now. */
    public synchronized long bytes() {
        return bytes;
    }

    /** Snapshots kept now. */
    public synchronized int size() {
        return entries.size();
    }

    /** Frees every snapshot. */
    @Override
    public synchronized void close() {
        while (!entries.isEmpty()) {
            evict(entries.getFirst());
        }
    }
}
