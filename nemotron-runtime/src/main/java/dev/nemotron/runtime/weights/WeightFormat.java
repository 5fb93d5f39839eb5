package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;

/**
 * How one storage type of weight matrices is read and multiplied.
 *
 * <p>A matrix is a sequence of rows; each row holds {@code columns} elements as whole blocks of the format,
 * starting at a byte offset into a (usually memory-mapped) segment. Implementations are stateless singletons,
 * one class per format, found through {@link WeightFormats}.
 *
 * <p>Every format has three views of the same numbers, which tests hold against each other:
 * <ul>
 *   <li>{@link #dequantize}: the scalar reference, exactly ggml's {@code dequantize_row_*};</li>
 *   <li>{@link #dotReference}: a scalar dot product of a row with activations already rounded to
 *       {@link #activationType()}, in the order of operations ggml's CPU kernel uses;</li>
 *   <li>{@link #dot}: the same product, vectorised. It may differ from the reference only by float summation
 *       order.</li>
 * </ul>
 */
public interface WeightFormat {

    /** The GGUF type this format reads. */
    GgmlType type();

    /** The rounding llama.cpp applies to activations before they meet a row of this format. */
    ActivationType activationType();

    /**
     * Dequantizes {@code count} elements (whole blocks) starting at {@code byteOffset} into {@code out}.
     */
    void dequantize(MemorySegment data, long byteOffset, float[] out, int outOffset, int count);

    /**
     * Dot product of the row of {@code columns} elements at {@code byteOffset} with activation vector
     * {@code vector} of {@code x}, scalar reference.
     */
    float dotReference(MemorySegment data, long byteOffset, Activations x, int vector, int columns);

    /** As {@link #dotReference}, with the Vector API when it is available. */
    default float dot(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        return dotReference(data, byteOffset, x, vector, columns);
    }

    /**
     * {@code out[outOffset + v·outStride + r] = row r · vector v} for the rows {@code [fromRow, toRow)} of the
     * matrix of {@code columns}-element rows at {@code byteOffset} and every vector of {@code x}: the matrix
     * product that prefill and decode run. This default takes one {@link #dot} per row and vector; formats with a
     * tiled kernel decode each weight block once for several vectors.
     */
    default void multiply(MemorySegment data, long byteOffset, int fromRow, int toRow, Activations x, float[] out,
            int outOffset, int outStride, int columns) {
        long rowBytes = rowBytes(columns);
        int vectors = x.count();
        for (int r = fromRow; r < toRow; r++) {
            long row = byteOffset + r * rowBytes;
            for (int v = 0; v < vectors; v++) {
                out[outOffset + v * outStride + r] = dot(data, row, x, v, columns);
            }
        }
    }

    /**
     * Encodes {@code count} values (whole blocks) into the format at {@code byteOffset} of {@code out}. Any valid
     * encoding will do; it need not match ggml's quantizer choice by choice. Used by the GGUF writer in tests and
     * tools.
     */
    void quantize(float[] values, int offset, int count, MemorySegment out, long byteOffset);

    /** Bytes taken by a row of {@code columns} elements. */
    default long rowBytes(long columns) {
        return type().byteSize(columns);
    }
}
