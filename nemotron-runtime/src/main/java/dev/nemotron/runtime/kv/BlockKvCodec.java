package dev.nemotron.runtime.kv;

import org.jspecify.annotations.Nullable;

import java.lang.foreign.MemorySegment;

/**
 * The llama.cpp block codecs: head vectors cut into blocks of 32 values with an fp16 scale each, scored against
 * the q8_0 form of the query (the {@code vec_dot_type} of both q8_0 and q4_0 in ggml's CPU backend).
 *
 * <p>With a {@link HadamardRotation} (what llama.cpp does for a quantized cache whose head dimension is a multiple
 * of 64) the vector is rotated before it is quantized, the query is rotated before its q8_0 rounding, and the
 * attention output is rotated back in {@link #finish}; the codec's domain is then the rotated one.
 */
abstract sealed class BlockKvCodec implements KvCodec permits Q8_0KvCodec, Q4_0KvCodec {

    final int headDim;
    final int blocks;
    final int blockBytes;
    private final @Nullable Rotation rotation;
    /** Per-thread copy of the vector being rotated before it is encoded, so that encoding allocates nothing. */
    private final ThreadLocal<float[]> rotated;

    BlockKvCodec(int headDim, int blockBytes, @Nullable Rotation rotation) {
        this.headDim = headDim;
        this.blocks = headDim / Q8Blocks.SIZE;
        this.blockBytes = blockBytes;
        this.rotation = rotation;
        this.rotated = ThreadLocal.withInitial(() -> new float[headDim]);
    }

    /** The rotation applied before quantization, or {@code null} for none. */
    final @Nullable Rotation rotation() {
        return rotation;
    }

    /** Encodes {@code x[offset, offset + headDim)} as it is (already rotated where the codec rotates). */
    abstract void encodeBlocks(float[] x, int offset, MemorySegment out, long byteOffset);

    @Override
    public final int headDim() {
        return headDim;
    }

    @Override
    public final int bytesPerVector() {
        return blocks * blockBytes;
    }

    @Override
    public final void encode(float[] x, int offset, MemorySegment out, long byteOffset) {
        if (rotation == null) {
            encodeBlocks(x, offset, out, byteOffset);
            return;
        }
        float[] y = rotated.get();
        System.arraycopy(x, offset, y, 0, headDim);
        rotation.forward(y, 0);
        encodeBlocks(y, 0, out, byteOffset);
    }

    @Override
    public final void prepareQuery(float[] q, int offset, float[] out, int outOffset) {
        if (rotation == null) {
            Q8Blocks.prepareQuery(q, offset, headDim, out, outOffset);
            return;
        }
        System.arraycopy(q, offset, out, outOffset, headDim);
        rotation.forward(out, outOffset);
        Q8Blocks.prepareQuery(out, outOffset, headDim, out, outOffset);
    }

    @Override
    public final void finish(float[] acc, int accOffset, float[] out, int outOffset) {
        System.arraycopy(acc, accOffset, out, outOffset, headDim);
        if (rotation != null) {
            rotation.inverse(out, outOffset);
        }
    }
}
