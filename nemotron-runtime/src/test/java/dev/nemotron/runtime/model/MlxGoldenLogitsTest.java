package dev.nemotron.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.nemotron.runtime.mlx.MlxWriter;
import dev.nemotron.runtime.mlx.Quantization;
import dev.nemotron.runtime.mlx.SafetensorsDtype;
import dev.nemotron.runtime.mlx.SafetensorsFile;
import dev.nemotron.runtime.mlx.SafetensorsTensor;
import dev.nemotron.runtime.testing.SharedData;
import tools.jackson.databind.ObjectMapper;

/**
 * The MLX checkpoints of {@code golden/mlx} against llama.cpp's logits of their F32 twins (the dequantized weights
 * in GGUF), F32 KV cache, no flash attention, fed as one batch and token by token: loading an MLX directory must
 * give the network those weights.
 */
class MlxGoldenLogitsTest {

    static Stream<Arguments> cases() {
        return Stream.of("tiny256-mlx-4bit-g64", "tiny256-mlx-8bit-g64", "tiny256-mlx-mxfp4", "tiny256-mlx-mixed")
                .flatMap(checkpoint -> Stream.of("seq16", "seq160").flatMap(seq -> Stream.of(true, false)
                        .map(batch -> Arguments.of(checkpoint, seq, batch))));
    }

    @ParameterizedTest(name = "{0} {1} batch={2}")
    @MethodSource("cases")
    void mlxCheckpointsMatchLlamaCppOnTheirDequantizedTwinsWithin1e4(String checkpoint, String seq, boolean batch)
            throws Exception {
        try (NemotronModel m = NemotronModel.load(SharedData.golden("mlx/" + checkpoint),
                LoadOptions.defaults().withKvCodec("f32").withThreads(2))) {
            int[] tokens = GoldenData.sequence(seq, m.vocabSize());
            float[] logits = Logits.compute(m, tokens, batch);
            float[] expected = GoldenData.floats(SharedData.golden(
                    "mlx/logits/%s.%s.llamacpp-kvf32-nofa.f32".formatted(checkpoint, seq)));

            assertThat(m.vocabSize()).isEqualTo(1024);
            float[] perPosition = GoldenData.perPositionMaxAbs(logits, expected, m.vocabSize());
            assertThat(GoldenData.max(perPosition)).isLessThanOrEqualTo(1e-4f);
        }
    }

    /**
     * The Omni layout: the same 4-bit checkpoint with every tensor under {@code language_model.}, a vision tensor
     * beside them, and the language model's keys nested under {@code llm_config}, gives the same logits.
     */
    @Test
    void omniLayoutWithLlmConfigAndLanguageModelPrefixGivesTheSameLogits(@TempDir Path omni) throws Exception {
        Path source = SharedData.golden("mlx/tiny256-mlx-4bit-g64");
        MlxWriter writer = new MlxWriter(Quantization.Spec.affine(4, 64), SafetensorsDtype.BF16);
        try (SafetensorsFile file = SafetensorsFile.open(source.resolve("model.safetensors"))) {
            for (SafetensorsTensor t : file.tensors().values()) {
                writer.encoded("language_model." + t.name(), t.dtype(), t.shape(),
                        t.data().toArray(ValueLayout.JAVA_BYTE));
            }
        }
        writer.plain("vision_model.patch_embed.weight", new long[] {2, 2}, new float[4], SafetensorsDtype.BF16);
        @SuppressWarnings("unchecked")
        Map<String, Object> llm = new ObjectMapper().readValue(source.resolve("config.json").toFile(), Map.class);
        llm.remove("quantization");
        llm.remove("quantization_config");
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("model_type", "NemotronH_Nano_Omni_Reasoning_V3");
        config.put("llm_config", llm);
        writer.write(omni, config);
        for (String name : new String[] {"tokenizer.json", "tokenizer_config.json"}) {
            Files.copy(source.resolve(name), omni.resolve(name));
        }

        try (NemotronModel m = NemotronModel.load(omni, LoadOptions.defaults().withKvCodec("f32").withThreads(2))) {
            int[] tokens = GoldenData.sequence("seq16", m.vocabSize());
            float[] logits = Logits.compute(m, tokens, false);
            float[] expected = GoldenData.floats(SharedData.golden(
                    "mlx/logits/tiny256-mlx-4bit-g64.seq16.llamacpp-kvf32-nofa.f32"));

            assertThat(m.tokenizer().encode("<|im_start|>", false, true)).containsExactly(10);
            assertThat(GoldenData.max(GoldenData.perPositionMaxAbs(logits, expected, m.vocabSize())))
                    .isLessThanOrEqualTo(1e-4f);
        }
    }
}
