package dev.nemotron.runtime.model;

import java.lang.foreign.MemorySegment;

import dev.nemotron.runtime.weights.ActivationType;
import dev.nemotron.runtime.weights.Activations;
import dev.nemotron.runtime.weights.WeightFormat;

/** GGUF rows: one {@link WeightFormat}, row after row from {@code offset} of {@code data}. */
record FormatRows(MemorySegment data, long offset, long rowBytes, WeightFormat format) implements WeightRows {

    @Override
    public String typeName() {
        return format.type().name();
    }

    @Override
    public ActivationType activationType() {
        return format.activationType();
    }

    @Override
    public void dequantize(int row, float[] out, int outOffset, int columns) {
        format.dequantize(data, offset + row * rowBytes, out, outOffset, columns);
    }

    @Override
    public float dot(int row, Activations x, int vector, int columns) {
        return format.dot(data, offset + row * rowBytes, x, vector, columns);
    }

    @Override
    public void multiply(int fromRow, int toRow, Activations x, float[] out, int outOffset, int outStride,
            int columns) {
        format.multiply(data, offset, fromRow, toRow, x, out, outOffset, outStride, columns);
    }
}
