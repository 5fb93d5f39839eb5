package dev.nemotron.runtime.model;

import dev.nemotron.runtime.parallel.ComputePool;
import dev.nemotron.runtime.weights.Activations;

/**
 * What every layer computes with: the thread pool and the numerics (llama.cpp's activation rounding, or the
 * reference that multiplies F32 activations with dequantized weights).
 *
 * @param pool      the engine's compute threads
 * @param reference whether to skip the activation rounding
 */
record Compute(ComputePool pool, boolean reference) {

    /** A linear layer with its own input buffer. */
    Linear linear(Matrix matrix) {
        return new Linear(matrix, this);
    }

    /** An input buffer for {@code matrix}, in the type the numerics ask for. */
    Activations activationsFor(Matrix matrix) {
        return new Activations(matrix.inputType(reference), matrix.cols());
    }

    /** Grows a scratch array to hold {@code n} floats, keeping it when it is large enough. */
    static float[] ensure(float[] buffer, int n) {
        return buffer.length >= n ? buffer : new float[Math.max(n, buffer.length * 3 / 2)];
    }
}
