package dev.nemotron.runtime.kv;

import java.lang.foreign.MemorySegment;

/**
 * How one head vector of keys or values is stored in the KV cache, and the form attention reads it in.
 *
 * <p>Every codec works in its own <em>domain</em>: the identity for the plain and block codecs, the rotated
 * coordinates {@code Π·x} for TurboQuant and RotorQuant. Attention never returns a cached vector to the model's
 * domain. For keys it brings the query into the codec's domain once ({@link #prepareQuery}) and takes F32 dot
 * products with each stored key expanded in that domain ({@link #expand}); for values it adds the expanded
 * values, weighted by the softmax ({@link #roundWeight}), in the codec's domain and brings the sum back once
 * ({@link #finish}). {@link KvCache#attend} does the arithmetic, so a codec only describes its storage and
 * its domain; expanding one stored vector into a small buffer that all query heads of a KV head share is what
 * makes grouped-query attention read every cached byte once per step.
 *
 * <p>The domain forms also carry llama.cpp's roundings: the query rounded to F16 for an F16 cache or to q8_0 for a
 * q8_0 / q4_0 cache (ggml's matmul converts its F32 operand to the weight type's {@code vec_dot_type}), the
 * softmax weights rounded to F16 for an F16 value cache.
 *
 * <p>A codec instance is bound to one head dimension and is immutable and thread-safe.
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

    /** Writes the query in the codec's domain, as the key dot products need it, to {@code out[outOffset…]}. */
    void prepareQuery(float[] q, int offset, float[] out, int outOffset);

    /** Writes the stored vector at {@code byteOffset} in the codec's domain to {@code out[outOffset…]}. */
    void expand(MemorySegment data, long byteOffset, float[] out, int outOffset);

    /** The softmax weight as the value sum multiplies it (rounded to the cache type where ggml rounds it). */
    default float roundWeight(float weight) {
        return weight;
    }

    /** Turns a sum accumulated in the codec's domain into an attention output; {@code acc} may be {@code out}. */
    default void finish(float[] acc, int accOffset, float[] out, int outOffset) {
        System.arraycopy(acc, accOffset, out, outOffset, headDim());
    }

    /** Decodes a stored vector back to the model's domain (tests, debugging; attention does not use it). */
    default void decode(MemorySegment data, long byteOffset, float[] out, int outOffset) {
        expand(data, byteOffset, out, outOffset);
        finish(out, outOffset, out, outOffset);
    }
}
