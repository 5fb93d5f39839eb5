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
 * <p>Eight codes always fill exactly {@code bits} bytes, and every group starts on such a boundary, so both
 * decoders take eight codes at a time: the scalar one from one little-endian long, the vector one
 * ({@link CodeVector}) as eight int lanes.
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

    /** Whether groups go through {@link CodeVector}. */
    private static final boolean VECTOR = WeightFormats.vectorKernels() && CodeVector.NATIVE;

    @Override
    public void dequantize(int row, float[] out, int outOffset, int count) {
        decode(row, out, outOffset, count, VECTOR);
    }

    /** The scalar decoder alone, the reference the vector decoder is tested against. */
    void dequantizeReference(int row, float[] out, int outOffset, int count) {
        decode(row, out, outOffset, count, false);
    }

    /**
     * Decodes a row group by group: the vector decoder takes what it can (all but the last eight codes of the
     * tensor, where its 8-byte load would pass the end), the scalar one the rest, eight codes per long.
     */
    private void decode(int row, float[] out, int outOffset, int count, boolean vector) {
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
            int c = vector ? CodeVector.decodeAffine(codes, groupStart, bits, s, b, out, o, groupSize) : 0;
            for (; c < groupSize; c += 8) {
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
