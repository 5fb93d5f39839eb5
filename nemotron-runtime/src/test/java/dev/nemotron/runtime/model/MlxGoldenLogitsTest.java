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

    private static final Path FOUR_BIT = SharedData.golden("mlx/tiny256-mlx-4bit-g64");

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
        MlxWriter writer = new MlxWriter(Quantization.Spec.affine(4, 64), SafetensorsDtype.BF16);
        try (SafetensorsFile file = SafetensorsFile.open(FOUR_BIT.resolve("model.safetensors"))) {
            for (SafetensorsTensor t : file.tensors().values()) {
                writer.encoded("language_model." + t.name(), t.dtype(), t.shape(), bytes(t));
            }
        }
        writer.plain("vision_model.patch_embed.weight", new long[] {2, 2}, new float[4], SafetensorsDtype.BF16);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("model_type", "NemotronH_Nano_Omni_Reasoning_V3");
        config.put("llm_config", languageModelConfig());
        writer.write(omni, config);

        assertSeq16MatchesTheFourBitCheckpoint(omni);
    }

    /**
     * A Hugging Face layout that mlx-lm's {@code sanitize} would still convert: every expert's
     * {@code experts.E.up_proj / down_proj} on its own instead of the {@code switch_mlp} stacks, and
     * {@code conv1d.weight} as {@code [C, 1, K]}, gives the same logits.
     */
    @Test
    void unstackedExpertsAndHuggingFaceConvLayoutGiveTheSameLogits(@TempDir Path hf) throws Exception {
        MlxWriter writer = new MlxWriter(Quantization.Spec.affine(4, 64), SafetensorsDtype.BF16);
        try (SafetensorsFile file = SafetensorsFile.open(FOUR_BIT.resolve("model.safetensors"))) {
            for (SafetensorsTensor t : file.tensors().values()) {
                long[] shape = t.shape();
                if (t.name().contains(".switch_mlp.")) {
                    String expert = t.name().replace(".switch_mlp.fc1.", ".experts.%d.up_proj.")
                            .replace(".switch_mlp.fc2.", ".experts.%d.down_proj.");
                    int experts = (int) shape[0];
                    long slice = t.byteSize() / experts;
                    for (int e = 0; e < experts; e++) {
                        writer.encoded(expert.formatted(e), t.dtype(), new long[] {shape[1], shape[2]},
                                t.data().asSlice(e * slice, slice).toArray(ValueLayout.JAVA_BYTE));
                    }
                } else if (t.name().endsWith(".conv1d.weight")) {
                    writer.encoded(t.name(), t.dtype(), new long[] {shape[0], 1, shape[1]}, bytes(t));
                } else {
                    writer.encoded(t.name(), t.dtype(), shape, bytes(t));
                }
            }
        }
        writer.write(hf, languageModelConfig());

        assertSeq16MatchesTheFourBitCheckpoint(hf);
    }

    private static byte[] bytes(SafetensorsTensor t) {
        return t.data().toArray(ValueLayout.JAVA_BYTE);
    }

    /** The 4-bit checkpoint's {@code config.json} without its quantization block, which the writer adds. */
    private static Map<String, Object> languageModelConfig() {
        @SuppressWarnings("unchecked")
        Map<String, Object> config = new ObjectMapper().readValue(FOUR_BIT.resolve("config.json").toFile(),
                Map.class);
        config.remove("quantization");
        config.remove("quantization_config");
        return config;
    }

    private static void assertSeq16MatchesTheFourBitCheckpoint(Path checkpoint) throws Exception {
        for (String name : new String[] {"tokenizer.json", "tokenizer_config.json"}) {
            Files.copy(FOUR_BIT.resolve(name), checkpoint.resolve(name));
        }
        try (NemotronModel m = NemotronModel.load(checkpoint,
                LoadOptions.defaults().withKvCodec("f32").withThreads(2))) {
            int[] tokens = GoldenData.sequence("seq16", m.vocabSize());
            float[] logits = Logits.compute(m, tokens, true);
            float[] expected = GoldenData.floats(SharedData.golden(
                    "mlx/logits/tiny256-mlx-4bit-g64.seq16.llamacpp-kvf32-nofa.f32"));

            assertThat(m.tokenizer().encode("<|im_start|>", false, true)).containsExactly(10);
            assertThat(GoldenData.max(GoldenData.perPositionMaxAbs(logits, expected, m.vocabSize())))
                    .isLessThanOrEqualTo(1e-4f);
        }
    }
}
