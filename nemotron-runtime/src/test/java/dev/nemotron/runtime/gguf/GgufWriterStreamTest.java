package dev.nemotron.runtime.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nemotron.runtime.weights.GgmlType;

class GgufWriterStreamTest {

    @TempDir
    Path dir;

    @Test
    void aStreamedTensorIsWrittenByteForByteAsTheSameValuesHeldInMemory() throws IOException {
        // 3 x 2^22 / 64 + 5 rows: several stream chunks and a partial last one
        int columns = 64;
        int rows = 3 * (1 << 22) / columns + 5;
        float[] values = new float[rows * columns];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.sin(i * 0.001) * (i % 7);
        }
        long[] shape = {columns, rows};
        Path held = dir.resolve("held.gguf");
        Path streamed = dir.resolve("streamed.gguf");
        new GgufWriter().addTensor("w", GgmlType.Q8_0, shape, values).addTensor("b", GgmlType.F32, new long[] {4},
                new float[] {1, 2, 3, 4}).write(held);
        new GgufWriter().addStreamedTensor("w", GgmlType.Q8_0, shape,
                (first, count, out) -> System.arraycopy(values, (int) first * columns, out, 0, count * columns))
                .addTensor("b", GgmlType.F32, new long[] {4}, new float[] {1, 2, 3, 4}).write(streamed);
        assertThat(Files.mismatch(held, streamed)).isEqualTo(-1);
    }
}
