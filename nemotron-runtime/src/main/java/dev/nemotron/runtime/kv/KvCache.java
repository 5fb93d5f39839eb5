package dev.nemotron.runtime.kv;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The keys and values of one attention layer for one sequence, stored through a key codec and a value codec,
 * and the attention that reads them.
 *
 * <p>Memory comes in pages of {@link #pagePositions()} positions, taken off-heap from an automatic arena as the
 * sequence grows, so a cache never reserves the model's full context up front and the Java heap does not have
 * to hold gigabytes of cache at long contexts. The pages are released by the garbage collector once the cache
 * is unreachable; {@link #truncate} keeps them for the positions that will be written again. Within a page,
 * position {@code p} holds its {@code nKvHeads} encoded head vectors one after another.
 *
 * <p>A cache belongs to one sequence. {@link #append} and {@link #truncate} must not overlap with anything else;
 * attention only reads, so several threads may attend at once (different query positions of a batch, or
 * different KV heads through {@link #attendKvHead}), each with its own scratch.
 */
public final class KvCache {

    /** Positions per page unless the constructor says otherwise: 256 positions of an F16 Nano layer are 256 KiB. */
    public static final int DEFAULT_PAGE_POSITIONS = 256;

    /** Positions (values) and query heads (keys) the attention kernels take four at a time. */
    private static final int BLOCK = 4;

    private final int nKvHeads;
    private final int headDim;
    private final KvCodec keyCodec;
    private final KvCodec valueCodec;
    private final int pagePositions;
    private final long keyBytesPerPosition;
    private final long valueBytesPerPosition;
    private final Arena arena = Arena.ofAuto();
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

    /**
     * Floats of scratch {@link #attend} needs at least for {@code positions} cached positions: enough for passes over
     * the cache with four query heads at a time.
     */
    public int scratchLength(int positions) {
        return scratchLength(BLOCK * nKvHeads, positions);
    }

    /**
     * Floats of scratch with which {@link #attend} serves all {@code nHeads / nKvHeads} query heads of a KV head in
     * one pass over the cache, reading every cached byte once per step (the fastest form).
     */
    public int scratchLength(int nHeads, int positions) {
        return Math.max(1, nHeads / nKvHeads) * (2 * headDim + positions) + BLOCK * headDim;
    }

    /**
     * Causal grouped-query attention of one query position over the first {@code positions} cached positions,
     * as llama.cpp's attention without flash attention computes it.
     *
     * <p>Query head {@code h} (its {@code headDim} values at {@code q[qOff + h·headDim]}) attends with KV head
     * {@code h / (nHeads / nKvHeads)}. Scores are F32 dot products of the key codec's query and key forms
     * ({@link KvCodec#prepareQuery}, {@link KvCodec#expand}) times {@code scale}; the softmax subtracts the maximum,
     * exponentiates in F32, sums in double and multiplies by the reciprocal of the sum, as {@code ggml_soft_max}
     * does; the value codec's weights times its expanded values are summed in F32 and {@link KvCodec#finish}ed
     * into the head's output at {@code out[outOff + h·headDim]}.
     *
     * @param scratch at least {@link #scratchLength(int) scratchLength(positions)} floats, overwritten; with
     *                {@link #scratchLength(int, int) scratchLength(nHeads, positions)} it reads the cache once
     */
    public void attend(float[] q, int qOff, int nHeads, int positions, float scale, float[] out, int outOff,
            float[] scratch) {
        for (int kvHead = 0; kvHead < nKvHeads; kvHead++) {
            attendKvHead(kvHead, q, qOff, nHeads, positions, scale, out, outOff, scratch);
        }
    }

    /**
     * {@link #attend} for the query heads that share KV head {@code kvHead} only; {@code q} and {@code out} are laid
     * out for all {@code nHeads} heads as there. Different KV heads (or query positions) may be attended from
     * different threads at once, each with its own scratch, as long as nothing is appended or truncated meanwhile.
     */
    public void attendKvHead(int kvHead, float[] q, int qOff, int nHeads, int positions, float scale, float[] out,
            int outOff, float[] scratch) {
        checkAttention(kvHead, nHeads, positions, scratch);
        int group = nHeads / nKvHeads;
        int perPass = Math.min(group, (scratch.length - BLOCK * headDim) / (2 * headDim + positions));
        for (int g = 0; g < group; g += perPass) {
            attendHeads(kvHead, kvHead * group + g, Math.min(perPass, group - g), q, qOff, positions, scale, out,
                    outOff, scratch);
        }
    }

    /**
     * The query heads {@code [firstHead, firstHead + heads)}, all reading {@code kvHead}, in one pass over the
     * cache: every cached vector is expanded once for all of them.
     */
    private void attendHeads(int kvHead, int firstHead, int heads, float[] q, int qOff, int positions, float scale,
            float[] out, int outOff, float[] scratch) {
        int scoresOff = heads * headDim;
        int accOff = scoresOff + heads * positions;
        int expandedOff = accOff + heads * headDim;
        for (int h = 0; h < heads; h++) {
            keyCodec.prepareQuery(q, qOff + (firstHead + h) * headDim, scratch, h * headDim);
        }
        scoreAll(kvHead, heads, positions, scale, scratch, scoresOff, expandedOff);
        for (int h = 0; h < heads; h++) {
            softmax(scratch, scoresOff + h * positions, positions);
        }
        for (int i = scoresOff; i < scoresOff + heads * positions; i++) {
            scratch[i] = valueCodec.roundWeight(scratch[i]);
        }
        Arrays.fill(scratch, accOff, accOff + heads * headDim, 0f);
        accumulateAll(kvHead, heads, positions, scratch, scoresOff, accOff, expandedOff);
        for (int h = 0; h < heads; h++) {
            valueCodec.finish(scratch, accOff + h * headDim, out, outOff + (firstHead + h) * headDim);
        }
    }

    private void checkAttention(int kvHead, int nHeads, int positions, float[] scratch) {
        if (nHeads <= 0 || nHeads % nKvHeads != 0) {
            throw new IllegalArgumentException(
                    "%d query heads cannot share %d KV heads evenly".formatted(nHeads, nKvHeads));
        }
        if (kvHead < 0 || kvHead >= nKvHeads) {
            throw new IllegalArgumentException("KV head %d of %d".formatted(kvHead, nKvHeads));
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

    /** Each key is expanded once and scored against the block's query heads. */
    private void scoreAll(int kvHead, int heads, int positions, float scale, float[] scratch, int scoresOff,
            int expandedOff) {
        for (int p0 = 0; p0 < positions; p0 += pagePositions) {
            MemorySegment keys = keyPages.get(p0 / pagePositions);
            int n = Math.min(pagePositions, positions - p0);
            for (int s = 0; s < n; s++) {
                keyCodec.expand(keys, keyOffset(s, kvHead), scratch, expandedOff);
                int score = scoresOff + p0 + s;
                int h = 0;
                for (; h + BLOCK <= heads; h += BLOCK) {
                    KvKernels.dot4(scratch, h * headDim, headDim, scratch, expandedOff, headDim, scratch,
                            score + h * positions, positions);
                }
                for (; h < heads; h++) {
                    scratch[score + h * positions] = KvKernels.dot(scratch, h * headDim, scratch, expandedOff, headDim);
                }
            }
        }
        for (int i = scoresOff; i < scoresOff + heads * positions; i++) {
            scratch[i] *= scale;
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

    /**
     * Values are expanded four positions at a time and added, in position order, to the accumulator of each
     * query head of the block.
     */
    private void accumulateAll(int kvHead, int heads, int positions, float[] scratch, int weightsOff, int accOff,
            int expandedOff) {
        for (int p0 = 0; p0 < positions; p0 += pagePositions) {
            MemorySegment values = valuePages.get(p0 / pagePositions);
            int n = Math.min(pagePositions, positions - p0);
            int s = 0;
            for (; s + BLOCK <= n; s += BLOCK) {
                for (int b = 0; b < BLOCK; b++) {
                    valueCodec.expand(values, valueOffset(s + b, kvHead), scratch, expandedOff + b * headDim);
                }
                for (int h = 0; h < heads; h++) {
                    KvKernels.axpy4(scratch, weightsOff + h * positions + p0 + s, 1, scratch, expandedOff, headDim,
                            scratch, accOff + h * headDim, headDim);
                }
            }
            for (; s < n; s++) {
                valueCodec.expand(values, valueOffset(s, kvHead), scratch, expandedOff);
                for (int h = 0; h < heads; h++) {
                    KvKernels.axpy(scratch[weightsOff + h * positions + p0 + s], scratch, expandedOff, scratch,
                            accOff + h * headDim, headDim);
                }
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
