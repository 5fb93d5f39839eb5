package dev.nemotron.runtime.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.lang.foreign.MemorySegment;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link TileVector#multiply}, the tiled matrix product of prefill and decode, equals one scalar reference dot
 * per row and vector up to float summation order, for every split of rows and vectors into tiles: row ranges that
 * start off a tile and leave rows over, and batches that leave vectors over.
 */
class MatrixProductTest {

    private static int kind(GgmlType type) {
        return switch (type) {
            case Q8_0 -> TileVector.Q8_0;
            case Q5_0 -> TileVector.Q5_0;
            default -> TileVector.Q4_0;
        };
    }

    @ParameterizedTest
    @CsvSource({
        "Q8_0, 1", "Q8_0, 2", "Q8_0, 5", "Q8_0, 11",
        "Q5_0, 1", "Q5_0, 3", "Q5_0, 8", "Q5_0, 9",
        "Q4_0, 1", "Q4_0, 4", "Q4_0, 6"})
    void theBatchProductEqualsTheReferenceDotOfEveryRowAndVector(GgmlType type, int vectors) {
        WeightFormat format = WeightFormats.of(type);
        int rows = 13;
        int columns = 512;
        Random random = new Random(type.ordinal() * 31L + vectors);
        float[] weights = new float[rows * columns];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) random.nextGaussian() * 0.05f;
        }
        long rowBytes = format.rowBytes(columns);
        MemorySegment data = MemorySegment.ofArray(new byte[Math.toIntExact(rowBytes * rows)]);
        format.quantize(weights, 0, weights.length, data, 0);
        float[] values = new float[vectors * columns];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        Activations x = new Activations(format.activationType(), columns).load(values, 0, columns, vectors);
        int from = 1;
        int to = rows;
        int stride = rows + 3;
        float[] out = new float[vectors * stride + 2];
        TileVector.multiply(kind(type), format, data, 0, rowBytes, from, to, x, out, 2, stride, columns);
        for (int v = 0; v < vectors; v++) {
            for (int r = from; r < to; r++) {
                float expected = format.dotReference(data, r * rowBytes, x, v, columns);
                assertThat(out[2 + v * stride + r]).as("row %d, vector %d", r, v)
                        .isCloseTo(expected, within(1e-4f * (1 + Math.abs(expected))));
            }
        }
        assertThat(out[2]).as("row 0, outside the range, untouched").isZero();
    }
}
