package dev.nemotron.runtime.model;

import dev.nemotron.runtime.weights.Activations;

/** A {@link Matrix} with its own reusable input buffer: converts a batch once and multiplies it. */
final class Linear {

    private final Matrix matrix;
    private final Compute compute;
    private final Activations input;

    Linear(Matrix matrix, Compute compute) {
        this.matrix = matrix;
        this.compute = compute;
        this.input = compute.activationsFor(matrix);
    }

    Matrix matrix() {
        return matrix;
    }

    int rows() {
        return matrix.rows();
    }

    /**
     * Multiplies {@code count} vectors of {@code x} (stride {@code xStride}, from {@code xOffset}) into
     * {@code out} (rows contiguous, stride {@code outStride}).
     */
    void forward(float[] x, int xOffset, int xStride, int count, float[] out, int outOffset, int outStride) {
        input.load(x, xOffset, xStride, count);
        matrix.multiply(input, out, outOffset, outStride, compute.reference(), compute.pool());
    }

    /** Multiplies a dense batch: inputs of width cols, outputs of width rows. */
    void forward(float[] x, int count, float[] out) {
        forward(x, 0, matrix.cols(), count, out, 0, matrix.rows());
    }
}
