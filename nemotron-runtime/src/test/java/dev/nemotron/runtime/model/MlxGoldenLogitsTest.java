package dev.nemotron.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.nemotron.runtime.testing.SharedData;

/**
 * The MLX checkpoints of {@code golden/mlx} against llama.cpp's logits of their F32 twins (the dequantized weights
 * in GGUF), F32 KV cache, no flash attention: loading an MLX directory must give the network those weights.
 */
class MlxGoldenLogitsTest {

    static Stream<Arguments> cases() {
        return Stream.of("tiny256-mlx-4bit-g64", "tiny256-mlx-8bit-g64", "tiny256-mlx-mxfp4", "tiny256-mlx-mixed")
                .flatMap(checkpoint -> Stream.of("seq16", "seq160").map(seq -> Arguments.of(checkpoint, seq)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void mlxCheckpointsMatchLlamaCppOnTheirDequantizedTwinsWithin1e4(String checkpoint, String seq) throws Exception {
        try (NemotronModel m = NemotronModel.load(SharedData.golden("mlx/" + checkpoint),
                LoadOptions.defaults().withKvCodec("f32").withThreads(2))) {
            int[] tokens = GoldenData.sequence(seq, m.vocabSize());
            float[] logits = Logits.compute(m, tokens, true);
            float[] expected = GoldenData.floats(SharedData.golden(
                    "mlx/logits/%s.%s.llamacpp-kvf32-nofa.f32".formatted(checkpoint, seq)));

            assertThat(m.vocabSize()).isEqualTo(1024);
            float[] perPosition = GoldenData.perPositionMaxAbs(logits, expected, m.vocabSize());
            assertThat(GoldenData.max(perPosition)).isLessThanOrEqualTo(1e-4f);
        }
    }
}
