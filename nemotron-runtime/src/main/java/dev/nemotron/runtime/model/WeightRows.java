package dev.nemotron.runtime.model;

import dev.nemotron.runtime.weights.ActivationType;
import dev.nemotron.runtime.weights.Activations;

/**
 * The stored rows of one weight matrix: how a row is dequantized and how it meets a batch of activations.
 *
 * <p>A GGUF matrix is one {@link dev.nemotron.runtime.weights.WeightFormat} over one segment, its rows at a fixed
 * stride. Other containers keep a row's parts apart (MLX stores the codes, scales and biases of a quantized module
 * as three tensors) and implement this interface directly. Implementations are immutable and thread-safe.
 */
public interface WeightRows {

    /** The storage type, for logs and {@code info}: {@code Q8_0}, {@code affine-4/64}, {@code BF16} … */
    String typeName();

    /** The type activations must be loaded as before they meet a row in {@link #dot}. */
    ActivationType activationType();

    /** Dequantizes row {@code row}, {@code columns} values, into {@code out} from {@code outOffset} on. */
    void dequantize(int row, float[] out, int outOffset, int columns);

    /** The product of row {@code row} with vector {@code vector} of {@code x}, loaded as {@link #activationType}. */
    float dot(int row, Activations x, int vector, int columns);

    /**
     * Rows {@code [fromRow, toRow)} times every vector of {@code x}: row r with vector v goes to
     * {@code out[outOffset + v·outStride + r]}. Formats with a tiled kernel reuse each loaded row block across
     * vectors; the default is one {@link #dot} per pair.
     */
    default void multiply(int fromRow, int toRow, Activations x, float[] out, int outOffset, int outStride,
            int columns) {
        int vectors = x.count();
        for (int r = fromRow; r < toRow; r++) {
            for (int v = 0; v < vectors; v++) {
                out[outOffset + v * outStride + r] = dot(r, x, v, columns);
            }
        }
    }

    /**
     * Whether {@link #dot} is the F32 product of the dequantized row, so that a {@link Matrix} may dequantize each
     * row once per batch and multiply it with every vector instead of calling {@link #dot} per vector.
     */
    default boolean dotsDequantized() {
        return false;
    }
}
