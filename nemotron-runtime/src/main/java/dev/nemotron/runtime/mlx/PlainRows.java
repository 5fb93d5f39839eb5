package dev.nemotron.runtime.mlx;

/** Rows of an unquantized F32, F16 or BF16 weight ({@code X.weight} without {@code X.scales}). */
final class PlainRows extends MlxRows {

    private final SafetensorsTensor weight;
    private final int columns;

    PlainRows(SafetensorsTensor weight, int columns, long firstRow) {
        super(firstRow);
        this.weight = weight;
        this.columns = columns;
    }

    @Override
    public String typeName() {
        return weight.dtype().name();
    }

    @Override
    public void dequantize(int row, float[] out, int outOffset, int count) {
        long base = (firstRow + row) * columns;
        for (int i = 0; i < count; i++) {
            out[outOffset + i] = weight.value(base + i);
        }
    }
}
