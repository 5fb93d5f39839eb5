package dev.nemotron.runtime.kv;

/**
 * The llama.cpp block codecs: head vectors cut into blocks of 32 values with an fp16 scale each, scored against
 * the q8_0 form of the query (the {@code vec_dot_type} of both q8_0 and q4_0 in ggml's CPU backend).
 */
abstract sealed class BlockKvCodec implements KvCodec permits Q8_0KvCodec, Q4_0KvCodec {

    final int headDim;
    final int blocks;
    final int blockBytes;

    BlockKvCodec(int headDim, int blockBytes) {
        this.headDim = headDim;
        this.blocks = headDim / Q8Blocks.SIZE;
        this.blockBytes = blockBytes;
    }

    @Override
    public final int headDim() {
        return headDim;
    }

    @Override
    public final int bytesPerVector() {
        return blocks * blockBytes;
    }

    @Override
    public final void prepareQuery(float[] q, int offset, float[] out, int outOffset) {
        Q8Blocks.prepareQuery(q, offset, headDim, out, outOffset);
    }
}
