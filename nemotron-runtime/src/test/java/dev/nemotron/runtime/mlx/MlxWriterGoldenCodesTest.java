package dev.nemotron.runtime.mlx;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.nemotron.runtime.gguf.GgufFile;
import dev.nemotron.runtime.gguf.GgufTensorInfo;
import dev.nemotron.runtime.testing.SharedData;
import dev.nemotron.runtime.weights.Half;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The project's MLX writer quantizes the golden checkpoints' source weights ({@code tiny256-f32.gguf}, cast to
 * bf16 as mlx-lm's convert casts them) into the very codes, scales and biases the independent writer of
 * {@code golden/mlx} stored: MLX's CPU rule for affine, its GPU rule for mxfp4 (README §5-§6).
 */
class MlxWriterGoldenCodesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"tiny256-mlx-4bit-g64", "tiny256-mlx-8bit-g64", "tiny256-mlx-mxfp4",
            "tiny256-mlx-mixed"})
    void writerStoresTheGoldenCodesScalesAndBiases(String checkpoint) throws Exception {
        JsonNode modules = JSON.readTree(SharedData.golden("mlx/" + checkpoint + ".json").toFile()).get("modules");
        MlxWriter writer = new MlxWriter(Quantization.Spec.affine(4, 64), SafetensorsDtype.BF16);
        int quantized = 0;
        try (GgufFile source = GgufFile.open(SharedData.goldenModel("tiny256-f32"))) {
            for (Map.Entry<String, JsonNode> e : modules.properties()) {
                JsonNode m = e.getValue();
                if (!m.get("quantized").asBoolean()) {
                    continue;
                }
                Quantization.Spec spec = m.get("mode").asString().equals("mxfp4") ? Quantization.Spec.mxfp4()
                        : Quantization.Spec.affine(m.get("bits").asInt(), m.get("group_size").asInt());
                GgufTensorInfo t = source.tensor(m.get("gguf").asString());
                writer.quantized(e.getKey(), reversed(t.shape()), bf16(source, t), spec);
                quantized++;
            }
        }
        writer.write(dir, Map.of());

        Map<String, byte[]> expected = new TreeMap<>();
        Map<String, byte[]> actual = new TreeMap<>();
        try (SafetensorsShards golden = SafetensorsShards.open(SharedData.golden("mlx/" + checkpoint));
                SafetensorsFile ours = SafetensorsFile.open(dir.resolve("model.safetensors"))) {
            for (SafetensorsTensor t : ours.tensors().values()) {
                actual.put(t.name(), bytes(t));
                expected.put(t.name(), bytes(golden.tensors().get(t.name())));
            }
        }
        assertThat(quantized).isGreaterThanOrEqualTo(23);
        assertThat(actual).containsOnlyKeys(expected.keySet());
        expected.forEach((name, bytes) -> assertThat(actual.get(name)).as(name).isEqualTo(bytes));
    }

    private static float[] bf16(GgufFile file, GgufTensorInfo t) {
        float[] values = file.data(t).toArray(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(
                java.nio.ByteOrder.LITTLE_ENDIAN));
        for (int i = 0; i < values.length; i++) {
            values[i] = Half.bf16ToFloat(Half.floatToBf16(values[i]));
        }
        return values;
    }

    /** ggml's fastest-first dimensions as a row-major shape. */
    private static long[] reversed(long[] ne) {
        long[] shape = new long[ne.length];
        for (int i = 0; i < ne.length; i++) {
            shape[i] = ne[ne.length - 1 - i];
        }
        return shape;
    }

    private static byte[] bytes(SafetensorsTensor t) {
        return t.data().toArray(ValueLayout.JAVA_BYTE);
    }
}
