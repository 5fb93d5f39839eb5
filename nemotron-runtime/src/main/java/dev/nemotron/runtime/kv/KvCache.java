package dev.nemotron.runtime.kv;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The keys and values of one attention layer for one sequence, stored through a key codec and a value codec,
 * and the attention that reads them.
 *
 * <p>Memory comes in pages of {@link #pagePositions()} positions, taken off-heap as the sequence grows, so a cache
 * never reserves the model's full context up front and the Java heap does not have to hold gigabytes of cache at
 * long contexts. {@link #close()} releases the pages at once (a server frees a finished or cancelled sequence
 * that way); a cache that is never closed releases them when the garbage collector finds it unreachable.
 * {@link #truncate} keeps the pages for the positions that will be written again. Within a page, position
 * {@code p} holds its {@code nKvHeads} encoded head vectors one after another.
 *
 * <p>A cache belongs to one sequence and is not thread-safe.
 */
public final class KvCache implements AutoCloseable {

    /** Positions per page unless the constructor is told otherwise: 256 positions of an F16 layer of Nano is 128 KiB. */
    public static final int DEFAULT_PAGE_POSITIONS = 256;

    private final int nKvHeads;
    private final int headDim;
    private final KvCodec keyCodec;
    private final KvCodec valueCodec;
    private final int pagePositions;
    private final long keyBytesPerPosition;
    private final long valueBytesPerPosition;
    private static final Cleaner CLEANER = Cleaner.create();

    private final Arena arena = Arena.ofShared();
    private final Cleaner.Cleanable release;
    private final List<MemorySegment> keyPages = new ArrayList<>();
    private final List<MemorySegment> valuePages = new ArrayList<>();
    private int length;

    public KvCache(int nKvHeads, int headDim, KvCodec keyCodec, KvCodec valueCodec) {
        this(nKvHeads, headDim, keyCodec, valueCodec, DEFAULT_PAGE_POSITIONS);
    }

    public KvCache(int nKvHeads, int headDim, KvCodec keyCodec, KvCodec valueCodec, int pagePositions) {
        if (nKvHeads <= 0 || pagePositions <= 0) {
            throw new IllegalArgumentException(
                    "KV cache needs positive nKvHeads and pagePositions, got %d and %d".formatted(nKvHeads,
                            pagePositions));
        }
        requireHeadDim(keyCodec, headDim, "key");
        requireHeadDim(valueCodec, headDim, "value");
        this.nKvHeads = nKvHeads;
        this.headDim = headDim;
        this.keyCodec = keyCodec;
        this.valueCodec = valueCodec;
        this.pagePositions = pagePositions;
        this.keyBytesPerPosition = (long) nKvHeads * keyCodec.bytesPerVector();
        this.valueBytesPerPosition = (long) nKvHeads * valueCodec.bytesPerVector();
        // A shared arena, because the compute pool's threads read the pages; the cleaner action holds the arena
        // only, so an unclosed cache still becomes unreachable and is freed.
        Arena pages = arena;
        this.release = CLEANER.register(this, pages::close);
    }

    private static void requireHeadDim(KvCodec codec, int headDim, String side) {
        if (codec.headDim() != headDim) {
            throw new IllegalArgumentException("%s codec %s encodes head dimension %d, the cache has %d"
                    .formatted(side, codec.id(), codec.headDim(), headDim));
        }
    }

    /** Bytes of keys plus values one position takes, metadata included. */
    public static long bytesPerPosition(int nKvHeads, KvCodec keyCodec, KvCodec valueCodec) {
        return (long) nKvHeads * (keyCodec.bytesPerVector() + valueCodec.bytesPerVector());
    }

    public int nKvHeads() {
        return nKvHeads;
    }

    public int headDim() {
        return headDim;
    }

    public KvCodec keyCodec() {
        return keyCodec;
    }

    public KvCodec valueCodec() {
        return valueCodec;
    }

    public int pagePositions() {
        return pagePositions;
    }

    /** Positions currently cached. */
    public int length() {
        return length;
    }

    /** Off-heap bytes of the pages allocated so far (keys and values). */
    public long bytesUsed() {
        return keyPages.size() * pagePositions * (keyBytesPerPosition + valueBytesPerPosition);
    }

    /**
     * Appends one position: {@code nKvHeads} key head vectors from {@code k[kOff…]} and as many value head vectors
     * from {@code v[vOff…]}, head-major.
     */
    public void append(float[] k, int kOff, float[] v, int vOff) {
        int page = length / pagePositions;
        if (page == keyPages.size()) {
            keyPages.add(arena.allocate(pagePositions * keyBytesPerPosition, 64));
            valuePages.add(arena.allocate(pagePositions * valueBytesPerPosition, 64));
        }
        int slot = length % pagePositions;
        MemorySegment keys = keyPages.get(page);
        MemorySegment values = valuePages.get(page);
        for (int h = 0; h < nKvHeads; h++) {
            keyCodec.encode(k, kOff + h * headDim, keys, keyOffset(slot, h));
            valueCodec.encode(v, vOff + h * headDim, values, valueOffset(slot, h));
        }
        length++;
    }

    /**
     * A cache of its own holding the same positions: pages copied byte for byte, so attention over the copy
     * computes exactly what it computes over this cache.
     */
    public KvCache copy() {
        KvCache copy = new KvCache(nKvHeads, headDim, keyCodec, valueCodec, pagePositions);
        int pages = (length + pagePositions - 1) / pagePositions;
        for (int page = 0; page < pages; page++) {
            copy.keyPages.add(copy.arena.allocate(pagePositions * keyBytesPerPosition, 64)
                    .copyFrom(keyPages.get(page)));
            copy.valuePages.add(copy.arena.allocate(pagePositions * valueBytesPerPosition, 64)
                    .copyFrom(valuePages.get(page)));
        }
        copy.length = length;
        return copy;
    }

    /**
     * Releases the pages now; the cache is then empty and must not be used again. Closing again does nothing.
     */
    @Override
    public void close() {
        keyPages.clear();
        valuePages.clear();
        length = 0;
        release.clean();
    }

    /** Forgets every position from {@code length} on, so that a shared prompt prefix can be reused. */
    public void truncate(int length) {
        if (length < 0 || length > this.length) {
            throw new IllegalArgumentException(
                    "cannot truncate a KV cache of %d positions to %d".formatted(this.length, length));
        }
        this.length = length;
    }

    /** Decodes the stored key of {@code kvHead} at {@code position} (tests and debugging). */
    public void decodeKey(int position, int kvHead, float[] out, int outOff) {
        checkPosition(position, kvHead);
        keyCodec.decode(keyPages.get(position / pagePositions), keyOffset(position % pagePositions, kvHead), out,
                outOff);
    }

    /** Decodes the stored value of {@code kvHead} at {@code position} (tests and debugging). */
    public void decodeValue(int position, int kvHead, float[] out, int outOff) {
        checkPosition(position, kvHead);
        valueCodec.decode(valuePages.get(position / pagePositions), valueOffset(position % pagePositions, kvHead),
                out, outOff);
    }

    private void checkPosition(int position, int kvHead) {
        if (position < 0 || position >= length || kvHead < 0 || kvHead >= nKvHeads) {
            throw new IndexOutOfBoundsException("position %d, KV head %d of a cache with %d positions, %d heads"
                    .formatted(position, kvHead, length, nKvHeads));
        }
    }

    /** Floats of scratch {@link #attend} needs for {@code positions} cached positions. */
    public int scratchLength(int positions) {
        return keyCodec.preparedQueryLength() + positions + headDim;
    }

    /**
     * Causal grouped-query attention of one query position over the first {@code positions} cached positions,
     * as llama.cpp's attention without flash attention computes it.
     *
     * <p>Query head {@code h} (its {@code headDim} values at {@code q[qOff + h·headDim]}) attends with KV head
     * {@code h / (nHeads / nKvHeads)}. Scores are the key codec's dot products in F32 times {@code scale};
     * the softmax subtracts the maximum, exponentiates in F32, sums in double and multiplies by the reciprocal
     * of the sum, as {@code ggml_soft_max} does; the value codec accumulates the weighted values and turns the
     * sum into the head's output at {@code out[outOff + h·headDim]}.
     *
     * @param scratch at least {@link #scratchLength scratchLength(positions)} floats, overwritten
     */
    public void attend(float[] q, int qOff, int nHeads, int positions, float scale, float[] out, int outOff,
            float[] scratch) {
        checkAttention(nHeads, positions, scratch);
        int group = nHeads / nKvHeads;
        int scoresOff = keyCodec.preparedQueryLength();
        int accOff = scoresOff + positions;
        for (int h = 0; h < nHeads; h++) {
            int kvHead = h / group;
            keyCodec.prepareQuery(q, qOff + h * headDim, scratch, 0);
            scoreAll(kvHead, positions, scale, scratch, scoresOff);
            softmax(scratch, scoresOff, positions);
            Arrays.fill(scratch, accOff, accOff + headDim, 0f);
            accumulateAll(kvHead, positions, scratch, scoresOff, accOff);
            valueCodec.finish(scratch, accOff, out, outOff + h * headDim);
        }
    }

    private void checkAttention(int nHeads, int positions, float[] scratch) {
        if (nHeads <= 0 || nHeads % nKvHeads != 0) {
            throw new IllegalArgumentException(
                    "%d query heads cannot share %d KV heads evenly".formatted(nHeads, nKvHeads));
        }
        if (positions < 1 || positions > length) {
            throw new IllegalArgumentException(
                    "attention over %d positions of a KV cache holding %d".formatted(positions, length));
        }
        if (scratch.length < scratchLength(positions)) {
            throw new IllegalArgumentException("attention scratch of %d floats, %d needed"
                    .formatted(scratch.length, scratchLength(positions)));
        }
    }

    private void scoreAll(int kvHead, int positions, float scale, float[] scratch, int scoresOff) {
        for (int p0 = 0; p0 < positions; p0 += pagePositions) {
            MemorySegment keys = keyPages.get(p0 / pagePositions);
            int n = Math.min(pagePositions, positions - p0);
            for (int s = 0; s < n; s++) {
                scratch[scoresOff + p0 + s] = keyCodec.score(scratch, 0, keys, keyOffset(s, kvHead)) * scale;
            }
        }
    }

    /** In place over {@code x[off, off + n)}; ggml_vec_soft_max_f32's order of operations. */
    private static void softmax(float[] x, int off, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[off + i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(x[off + i] - max);
            x[off + i] = e;
            sum += e;
        }
        float inverse = (float) (1.0 / sum);
        for (int i = 0; i < n; i++) {
            x[off + i] *= inverse;
        }
    }

    private void accumulateAll(int kvHead, int positions, float[] scratch, int weightsOff, int accOff) {
        for (int p0 = 0; p0 < positions; p0 += pagePositions) {
            MemorySegment values = valuePages.get(p0 / pagePositions);
            int n = Math.min(pagePositions, positions - p0);
            for (int s = 0; s < n; s++) {
                valueCodec.accumulate(scratch[weightsOff + p0 + s], values, valueOffset(s, kvHead), scratch, accOff);
            }
        }
    }

    private long keyOffset(int slot, int kvHead) {
        return slot * keyBytesPerPosition + (long) kvHead * keyCodec.bytesPerVector();
    }

    private long valueOffset(int slot, int kvHead) {
        return slot * valueBytesPerPosition + (long) kvHead * valueCodec.bytesPerVector();
    }
}
