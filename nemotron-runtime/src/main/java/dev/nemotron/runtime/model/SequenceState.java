package dev.nemotron.runtime.model;

import org.jspecify.annotations.Nullable;

import dev.nemotron.runtime.kv.KvCache;

/**
 * The state of one token sequence: conv and SSM state for each Mamba block, the KV cache of each attention block,
 * and the number of tokens consumed. Obtained from {@link NemotronModel#newSequence()}.
 *
 * <p>Mamba state is a running summary that cannot be rewound to an earlier position, so a server that wants to
 * resume from a prompt prefix keeps a {@link #copy()} taken at that position (a snapshot) and resumes from a copy
 * of the snapshot. {@link #close()} frees the KV pages at once. A sequence is used by one thread at a time.
 */
public final class SequenceState implements AutoCloseable {

    private final @Nullable Object[] layers;
    private final int contextLength;
    private int position;

    SequenceState(@Nullable Object[] layers, int contextLength) {
        this.layers = layers;
        this.contextLength = contextLength;
    }

    /** Tokens consumed so far: the position of the next token. */
    public int position() {
        return position;
    }

    /** Tokens the sequence may hold. */
    public int contextLength() {
        return contextLength;
    }

    /**
     * An independent sequence at the same position with equal state: every conv, SSM and KV value copied bit for
     * bit, so feeding both the same tokens gives the same logits.
     */
    public SequenceState copy() {
        @Nullable Object[] copies = new Object[layers.length];
        for (int i = 0; i < layers.length; i++) {
            copies[i] = switch (layers[i]) {
                case null -> null;
                case MambaMixer.State mamba -> mamba.copy();
                case KvCache cache -> cache.copy();
                default -> throw new IllegalStateException("no copy for layer state " + layers[i].getClass());
            };
        }
        SequenceState copy = new SequenceState(copies, contextLength);
        copy.position = position;
        return copy;
    }

    /** Bytes the state holds: conv and SSM arrays on the heap, KV pages off the heap. */
    public long bytes() {
        long bytes = 0;
        for (Object layer : layers) {
            bytes += switch (layer) {
                case null -> 0;
                case MambaMixer.State mamba -> mamba.bytes();
                case KvCache cache -> cache.bytesUsed();
                default -> 0;
            };
        }
        return bytes;
    }

    /** Releases the KV pages now; the sequence must not be used again. Closing again does nothing. */
    @Override
    public void close() {
        for (Object layer : layers) {
            if (layer instanceof KvCache cache) {
                cache.close();
            }
        }
    }

    @Nullable Object layer(int i) {
        return layers[i];
    }

    void advance(int tokens) {
        position += tokens;
    }
}
