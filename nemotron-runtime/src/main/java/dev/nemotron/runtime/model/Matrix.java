package dev.nemotron.runtime.model;

import java.lang.foreign.MemorySegment;

import dev.nemotron.runtime.parallel.ComputePool;
import dev.nemotron.runtime.parallel.RangeTask;
import dev.nemotron.runtime.weights.ActivationType;
import dev.nemotron.runtime.weights.Activations;
import dev.nemotron.runtime.weights.WeightFormat;

/**
 * A weight matrix of {@code rows} outputs by {@code cols} inputs, stored as {@link WeightRows} (a GGUF matrix: row
 * after row in a mapped segment in one {@link WeightFormat}), and its product with a batch of activation vectors.
 *
 * <p>The rows are split over the compute pool; each thread multiplies its rows with every vector of the batch, so
 * a weight row is read once per batch rather than once per token. In the default numerics the input batch is
 * first converted to the rows' {@link WeightRows#activationType()}, as ggml converts it to the weight's
 * {@code vec_dot_type}; in reference numerics the activations stay F32 and each row is dequantized, which is the
 * exact product on the stored weights.
 *
 * <p>A matrix serves one product at a time: the model runs one forward pass at a time.
 */
public final class Matrix implements RangeTask {

    private static final ThreadLocal<float[]> ROW = ThreadLocal.withInitial(() -> new float[0]);

    private final String name;
    private final int rows;
    private final int cols;
    private final WeightRows weights;

    private Activations input;
    private float[] output;
    private int outputOffset;
    private int outputStride;
    private boolean reference;

    /** A GGUF matrix: rows of {@code format} one after another from {@code offset} of {@code data}. */
    public Matrix(String name, MemorySegment data, long offset, int rows, int cols, WeightFormat format) {
        this(name, rows, cols, new FormatRows(data, offset, format.rowBytes(cols), format));
    }

    public Matrix(String name, int rows, int cols, WeightRows weights) {
        this.name = name;
        this.rows = rows;
        this.cols = cols;
        this.weights = weights;
    }

    public String name() {
        return name;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public WeightRows weights() {
        return weights;
    }

    /** The activation type this matrix's inputs must be loaded as. */
    public ActivationType inputType(boolean referenceNumerics) {
        return referenceNumerics ? ActivationType.F32 : weights.activationType();
    }

    /** Dequantizes row {@code row} into {@code out[outOffset, outOffset + cols)} (the embedding lookup). */
    public void dequantizeRow(int row, float[] out, int outOffset) {
        weights.dequantize(row, out, outOffset, cols);
    }

    /**
     * {@code out[outOffset + v·outStride + r] = row r · x[v]} for every row r and vector v of {@code x}, which
     * must have been loaded as {@link #inputType}.
     */
    public void multiply(Activations x, float[] out, int outOffset, int outStride, boolean referenceNumerics,
            ComputePool pool) {
        if (x.length() != cols || x.type() != inputType(referenceNumerics)) {
            throw new IllegalArgumentException("%s takes %d-wide %s activations, got %d-wide %s".formatted(
                    name, cols, inputType(referenceNumerics), x.length(), x.type()));
        }
        this.input = x;
        this.output = out;
        this.outputOffset = outOffset;
        this.outputStride = outStride;
        this.reference = referenceNumerics;
        try {
            pool.run(rows, this);
        } finally {
            this.input = null;
            this.output = null;
        }
    }

    @Override
    public void run(int from, int to) {
        if (reference || weights.dotsDequantized()) {
            multiplyDequantized(from, to);
            return;
        }
        weights.multiply(from, to, input, output, outputOffset, outputStride, cols);
    }

    private void multiplyDequantized(int from, int to) {
        float[] row = ROW.get();
        if (row.length < cols) {
            row = new float[cols];
            ROW.set(row);
        }
        FloatOps ops = FloatOps.get();
        Activations x = input;
        float[] values = x.values();
        float[] out = output;
        int vectors = x.count();
        for (int r = from; r < to; r++) {
            weights.dequantize(r, row, 0, cols);
            for (int v = 0; v < vectors; v++) {
                out[outputOffset + v * outputStride + r] = ops.dot(row, 0, values, v * cols, cols);
            }
        }
    }

    @Override
    public String toString() {
        return "%s [%d x %d] %s".formatted(name, rows, cols, weights.typeName());
    }
}
