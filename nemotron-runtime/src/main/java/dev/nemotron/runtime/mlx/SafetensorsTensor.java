package dev.nemotron.runtime.mlx;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;

import dev.nemotron.runtime.weights.Half;

/**
 * One tensor of a safetensors file: its type, row-major shape and data. {@code data} is a slice of the file's
 * mapping exactly as long as the tensor, so no read through it can leave the tensor.
 *
 * @param file  the file holding it, for error messages
 * @param name  the tensor's name in the header
 * @param dtype element type
 * @param shape dimensions, slowest first (the last one contiguous)
 * @param data  the tensor's bytes
 */
public record SafetensorsTensor(Path file, String name, SafetensorsDtype dtype, long[] shape, MemorySegment data) {

    private static final ValueLayout.OfFloat FLOAT =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    public SafetensorsTensor {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Dimension {@code i}; negative counts from the last. */
    public long dim(int i) {
        return shape[i < 0 ? shape.length + i : i];
    }

    /** Product of the dimensions. */
    public long elements() {
        return elements(shape);
    }

    static long elements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Bytes of data. */
    public long byteSize() {
        return data.byteSize();
    }

    /** The shape as {@code [a, b, c]}. */
    public String shapeString() {
        return Arrays.toString(shape);
    }

    /** Element {@code index} of a floating-point tensor, widened to float. */
    public float value(long index) {
        return switch (dtype) {
            case F32 -> data.get(FLOAT, index * 4);
            case BF16 -> Half.bf16ToFloat(data.get(SHORT, index * 2));
            case F16 -> Float.float16ToFloat(data.get(SHORT, index * 2));
            case U8, U32 -> throw new MlxFormatException(file, "tensor %s holds %s codes, not values"
                    .formatted(name, dtype));
        };
    }

    /** Every element of a floating-point tensor as float. */
    public float[] toFloats() {
        float[] out = new float[Math.toIntExact(elements())];
        for (int i = 0; i < out.length; i++) {
            out[i] = value(i);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SafetensorsTensor t && file.equals(t.file) && name.equals(t.name);
    }

    @Override
    public int hashCode() {
        return file.hashCode() * 31 + name.hashCode();
    }

    @Override
    public String toString() {
        return "%s %s %s".formatted(name, dtype, shapeString());
    }
}
