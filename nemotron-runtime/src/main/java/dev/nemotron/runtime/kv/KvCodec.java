package dev.nemotron.runtime.kv;

import java.lang.foreign.MemorySegment;

/**
 * How one head vector of keys or values is stored in the KV cache, and how attention reads it back.
 *
 * <p>Attention never decompresses the cache. For keys it transforms the query once ({@link #prepareQuery}) and
 * scores every cached position against the stored form ({@link #score}); for values it accumulates the
 * softmax-weighted stored vectors in the codec's own domain ({@link #accumulate}) and transforms the sum back
 * once ({@link #finish}). For the plain codecs these transforms only round (the query to F16 for an F16 cache,
 * as ggml's matmul does); for TurboQuant and RotorQuant they are the rotation and its inverse.
 *
 * <p>A codec instance is bound to one head dimension and is immutable and thread-safe; per-call scratch space
 * lives in the arrays the caller passes.
 */
public interface KvCodec {

    /** The codec's property value, as in {@code f16} or {@code turboquant}. */
    String id();

    /** Head dimension this instance encodes. */
    int headDim();

    /** Bytes one encoded head vector takes, metadata included. */
    int bytesPerVector();

    /** Bits per stored value including metadata. */
    default double bitsPerValue() {
        return 8.0 * bytesPerVector() / headDim();
    }

    /** Encodes {@code x[offset, offset + headDim)} into {@code out} at {@code byteOffset}. */
    void encode(float[] x, int offset, MemorySegment out, long byteOffset);

    /** Decodes a stored vector back into {@code out} (tests and debugging; attention does not use it). */
    void decode(MemorySegment data, long byteOffset, float[] out, int outOffset);

    /**
     * Floats the prepared query takes: {@code headDim} unless the codec keeps per-block scales next to it (the
     * q8_0 form of the query that the q8_0 and q4_0 key codecs score against).
     */
    default int preparedQueryLength() {
        return headDim();
    }

    /**
     * Writes the query form that {@link #score} expects into
     * {@code out[outOffset, outOffset + preparedQueryLength())}.
     */
    void prepareQuery(float[] q, int offset, float[] out, int outOffset);

    /** The dot product of a prepared query with the stored key at {@code byteOffset}. */
    float score(float[] preparedQuery, int offset, MemorySegment data, long byteOffset);

    /** {@code acc[accOffset…] += weight · v}, with v the stored value at {@code byteOffset}, in the codec's domain. */
    void accumulate(float weight, MemorySegment data, long byteOffset, float[] acc, int accOffset);

    /** Turns an accumulated sum back into an attention output vector. */
    void finish(float[] acc, int accOffset, float[] out, int outOffset);
}
