package dev.nemotron.runtime.mlx;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import dev.nemotron.runtime.weights.WeightFormats;

/**
 * Rows of an affine-quantized module: {@code w = s·q + b} per group of {@code groupSize} values, the unsigned
 * {@code bits}-bit codes q of a row one little-endian bit stream over the bytes of its U32 words (code i in bits
 * {@code i·bits … i·bits + bits − 1}), one scale s and bias b per group in {@code X.scales} / {@code X.biases}.
 *
 * <p>Eight codes always fill exactly {@code bits} bytes, and every group starts on such a boundary, so the
 * decoder reads eight codes at a time from one little-endian long.
 */
final class AffineRows extends MlxRows {

    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment codes;
    private final SafetensorsTensor scales;
    private final SafetensorsTensor biases;
    private final int bits;
    private final int groupSize;
    private final long rowBytes;
    private final int groupsPerRow;
    private final String typeName;

    AffineRows(SafetensorsTensor weight, SafetensorsTensor scales, SafetensorsTensor biases, Quantization.Spec spec,
            int columns, long firstRow) {
        super(firstRow);
        this.codes = weight.data();
        this.scales = scales;
        this.biases = biases;
        this.bits = spec.bits();
        this.groupSize = spec.groupSize();
        this.rowBytes = (long) columns * bits / 8;
        this.groupsPerRow = columns / groupSize;
        this.typeName = spec.typeName();
    }

    @Override
    public String typeName() {
        return typeName;
    }

    /** Whether the 4- and 8-bit groups go through {@link CodeVector}. */
    private static final boolean VECTOR = WeightFormats.vectorKernels() && CodeVector.NATIVE;

    @Override
    public void dequantize(int row, float[] out, int outOffset, int count) {
        if (VECTOR && (bits == 4 || bits == 8)) {
            dequantizeVector(row, out, outOffset, count);
        } else {
            dequantizeReference(row, out, outOffset, count);
        }
    }

    private void dequantizeVector(int row, float[] out, int outOffset, int count) {
        long r = firstRow + row;
        long groupBytes = (long) groupSize * bits / 8;
        long groupIndex = r * groupsPerRow;
        int groups = count / groupSize;
        for (int g = 0; g < groups; g++) {
            float s = scales.value(groupIndex + g);
            float b = biases.value(groupIndex + g);
            long at = r * rowBytes + g * groupBytes;
            if (bits == 4) {
                CodeVector.decode4(codes, at, s, b, out, outOffset + g * groupSize, groupSize);
            } else {
                CodeVector.decode8(codes, at, s, b, out, outOffset + g * groupSize, groupSize);
            }
        }
    }

    /** The scalar decoder of every width: the bit stream read eight codes at a time. */
    void dequantizeReference(int row, float[] out, int outOffset, int count) {
        long r = firstRow + row;
        long rowStart = r * rowBytes;
        long groupIndex = r * groupsPerRow;
        long mask = (1L << bits) - 1;
        int groups = count / groupSize;
        for (int g = 0; g < groups; g++) {
            float s = scales.value(groupIndex + g);
            float b = biases.value(groupIndex + g);
            long groupStart = rowStart + (long) g * groupSize * bits / 8;
            int o = outOffset + g * groupSize;
            for (int c = 0; c < groupSize; c += 8) {
                long chunk = eightCodes(groupStart + (long) c * bits / 8);
                for (int j = 0; j < 8; j++) {
                    out[o + c + j] = s * ((chunk >>> (j * bits)) & mask) + b;
                }
            }
        }
    }

    /** The {@code bits} bytes at {@code offset} as the low bytes of a long, without reading past the tensor. */
    private long eightCodes(long offset) {
        if (offset + 8 <= codes.byteSize()) {
            return codes.get(LONG, offset);
        }
        long chunk = 0;
        for (int i = 0; i < bits; i++) {
            chunk |= (codes.get(ValueLayout.JAVA_BYTE, offset + i) & 0xffL) << (8 * i);
        }
        return chunk;
    }
}
