package dev.nemotron.runtime.mlx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.nemotron.runtime.model.Matrix;
import dev.nemotron.runtime.testing.SharedData;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Every tensor of the four golden MLX checkpoints, dequantized under its GGUF name, against the sha256 of the
 * float32 bytes the independent writer put in the F32 twin ({@code dequantized_f32} of the sidecar JSON): the
 * dequantization must agree bit for bit.
 */
class MlxGoldenDequantizationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** GGUF tensors that the engine reads as vectors, whatever their rank. */
    private static final List<String> VECTORS = List.of(".ssm_conv1d.weight", ".ssm_norm.weight", ".ssm_a",
            ".ssm_d");

    @ParameterizedTest
    @ValueSource(strings = {"tiny256-mlx-4bit-g64", "tiny256-mlx-8bit-g64", "tiny256-mlx-mxfp4",
            "tiny256-mlx-mixed"})
    void everyDequantizedTensorHasTheSidecarsSha256(String checkpoint) throws Exception {
        JsonNode tensors = JSON.readTree(SharedData.golden("mlx/" + checkpoint + ".json").toFile())
                .get("dequantized_f32").get("tensors");
        Map<String, String> expected = new TreeMap<>();
        Map<String, String> actual = new TreeMap<>();
        try (MlxCheckpoint weights = MlxCheckpoint.open(SharedData.golden("mlx/" + checkpoint))) {
            for (Map.Entry<String, JsonNode> e : tensors.properties()) {
                long[] ne = longs(e.getValue().get("ggml_ne"));
                expected.put(e.getKey(), e.getValue().get("sha256_f32le").asString());
                actual.put(e.getKey(), sha256(dequantize(weights, e.getKey(), ne)));
            }
        }

        assertThat(expected).hasSize(56);
        assertThat(actual).isEqualTo(expected);
    }

    private static float[] dequantize(MlxCheckpoint weights, String name, long[] ne) {
        if (ne.length == 1 || VECTORS.stream().anyMatch(name::endsWith)) {
            return weights.vector(name, ne);
        }
        Matrix[] matrices = ne.length == 3
                ? weights.experts(name, (int) ne[0], (int) ne[1], (int) ne[2])
                : new Matrix[] {weights.matrix(name, (int) ne[0], (int) ne[1])};
        return rows(matrices);
    }

    /** Every row of every matrix, one after another. */
    static float[] rows(Matrix... matrices) {
        int cols = matrices[0].cols();
        int rows = matrices[0].rows();
        float[] out = new float[matrices.length * rows * cols];
        for (int m = 0; m < matrices.length; m++) {
            for (int r = 0; r < rows; r++) {
                matrices[m].dequantizeRow(r, out, (m * rows + r) * cols);
            }
        }
        return out;
    }

    private static String sha256(float[] values) throws Exception {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
    }

    private static long[] longs(JsonNode array) {
        List<Long> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asLong()));
        return out.stream().mapToLong(Long::longValue).toArray();
    }
}
