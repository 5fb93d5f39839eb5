package dev.nemotron.runtime.gguf;

import dev.nemotron.runtime.weights.GgmlType;

/**
 * One tensor of a GGUF file.
 *
 * @param name       the tensor name, as in {@code blk.0.ssm_in.weight}
 * @param type       the element type
 * @param shape      the dimensions in ggml order, fastest-varying first
 * @param dataOffset the byte offset of the data from the start of the file
 * @param byteSize   bytes of data
 */
public record GgufTensorInfo(String name, GgmlType type, long[] shape, long dataOffset, long byteSize) {

    public GgufTensorInfo {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Dimension {@code i}, 1 beyond the stored dimensions as in ggml. */
    public long dim(int i) {
        return i < shape.length ? shape[i] : 1;
    }

    public int dims() {
        return shape.length;
    }

    /** Total elements. */
    public long elements() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** The shape written as ggml prints it, as in {@code {64, 328}}. */
    public String shapeString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append('}').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufTensorInfo t && name.equals(t.name) && type == t.type
                && java.util.Arrays.equals(shape, t.shape) && dataOffset == t.dataOffset && byteSize == t.byteSize;
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "%s %s %s".formatted(name, type, shapeString());
    }
}
