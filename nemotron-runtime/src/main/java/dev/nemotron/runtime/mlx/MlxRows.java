package dev.nemotron.runtime.mlx;

import dev.nemotron.runtime.model.FloatOps;
import dev.nemotron.runtime.model.WeightRows;
import dev.nemotron.runtime.weights.ActivationType;
import dev.nemotron.runtime.weights.Activations;

/**
 * The rows of an MLX matrix, or of one expert of a stack ({@code firstRow} skips the experts before it).
 *
 * <p>MLX weights meet F32 activations unrounded: the product is Σ dequantized weight × activation. That is what
 * llama.cpp computes on an F32 twin holding the dequantized weights, the reference these checkpoints are held to;
 * MLX itself would compute in bf16. So {@link #dot} dequantizes the row and takes a vectorised F32 dot product,
 * and {@link #dotReference} is the same sum taken in order by scalar code.
 */
abstract sealed class MlxRows implements WeightRows permits AffineRows, Mxfp4Rows, PlainRows {

    private static final ThreadLocal<float[]> ROW = ThreadLocal.withInitial(() -> new float[0]);

    /** Rows before this matrix's first in the tensors (expert e of a stack of r-row experts starts at e·r). */
    protected final long firstRow;

    MlxRows(long firstRow) {
        this.firstRow = firstRow;
    }

    @Override
    public ActivationType activationType() {
        return ActivationType.F32;
    }

    @Override
    public boolean dotsDequantized() {
        return true;
    }

    @Override
    public float dot(int row, Activations x, int vector, int columns) {
        return dot(row, x, vector, columns, FloatOps.get());
    }

    /** As {@link #dot}, summed in index order by the scalar implementation. */
    float dotReference(int row, Activations x, int vector, int columns) {
        return dot(row, x, vector, columns, FloatOps.scalar());
    }

    private float dot(int row, Activations x, int vector, int columns, FloatOps ops) {
        float[] w = ROW.get();
        if (w.length < columns) {
            w = new float[columns];
            ROW.set(w);
        }
        dequantize(row, w, 0, columns);
        return ops.dot(w, 0, x.values(), vector * x.length(), columns);
    }
}
