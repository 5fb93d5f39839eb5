package dev.nemotron.runtime.mlx;

import dev.nemotron.runtime.weights.GgmlType;
import dev.nemotron.runtime.weights.WeightFormat;
import dev.nemotron.runtime.weights.WeightFormats;

/**
 * Rows of an unquantized F32, F16 or BF16 weight ({@code X.weight} without {@code X.scales}). The elements are
 * those of the GGUF float types, so their formats dequantize them; the product stays {@link MlxRows}' unrounded
 * F32 one.
 */
final class PlainRows extends MlxRows {

    private final SafetensorsTensor weight;
    private final WeightFormat format;
    private final long rowBytes;

    PlainRows(SafetensorsTensor weight, int columns, long firstRow) {
        super(firstRow);
        this.weight = weight;
        this.format = WeightFormats.of(switch (weight.dtype()) {
            case F32 -> GgmlType.F32;
            case F16 -> GgmlType.F16;
            case BF16 -> GgmlType.BF16;
            case U8, U32 -> throw new MlxFormatException(weight.file(), "tensor %s holds %s codes, not values"
                    .formatted(weight.name(), weight.dtype()));
        });
        this.rowBytes = (long) columns * weight.dtype().bytes();
    }

    @Override
    public String typeName() {
        return weight.dtype().name();
    }

    @Override
    public void dequantize(int row, float[] out, int outOffset, int count) {
        format.dequantize(weight.data(), (firstRow + row) * rowBytes, out, outOffset, count);
    }
}
