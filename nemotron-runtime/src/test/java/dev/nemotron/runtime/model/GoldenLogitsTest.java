package dev.nemotron.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.nemotron.runtime.testing.SharedData;

/**
 * F32 golden models against llama.cpp's logits with an F32 KV cache and no flash attention, over both token
 * sequences, fed as one batch and token by token.
 */
class GoldenLogitsTest {

    static Stream<Arguments> f32Cases() {
        return Stream.of("tiny-f32", "tiny256-f32", "tiny-dense-f32")
                .flatMap(model -> Stream.of("seq16", "seq160")
                        .flatMap(seq -> Stream.of(true, false).map(batch -> Arguments.of(model, seq, batch))));
    }

    /**
     * With the default F16 KV cache the logits stay within 1e-3 of llama.cpp's defaults (F16 KV, flash attention),
     * the distance golden/README.md §5 measures between llama.cpp's own two settings. (tiny256-f32 seq160 is left
     * out: at position 31 its float64 selection margin is 2e-5, and llama.cpp itself routes it both ways.)
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"tiny-f32, seq16", "tiny-f32, seq160", "tiny256-f32, seq16", "tiny-dense-f32, seq16",
            "tiny-dense-f32, seq160"})
    void withAnF16CacheTheLogitsStayWithin1e3OfLlamaCppDefaults(String model, String seq) throws Exception {
        try (NemotronModel m = NemotronModel.load(SharedData.goldenModel(model),
                LoadOptions.defaults().withKvCodec("f16").withThreads(2))) {
            int[] tokens = GoldenData.sequence(seq, m.vocabSize());
            float[] logits = Logits.compute(m, tokens, true);
            float[] expected = GoldenData.logits(model, seq, "llamacpp-default");

            assertThat(GoldenData.max(GoldenData.perPositionMaxAbs(logits, expected, m.vocabSize())))
                    .isLessThanOrEqualTo(1e-3f);
        }
    }

    @ParameterizedTest(name = "{0} {1} batch={2}")
    @MethodSource("f32Cases")
    void f32ModelsMatchLlamaCppWithin1e4(String model, String seq, boolean batch) throws Exception {
        try (NemotronModel m = NemotronModel.load(SharedData.goldenModel(model),
                LoadOptions.defaults().withKvCodec("f32").withThreads(2))) {
            int[] tokens = GoldenData.sequence(seq, m.vocabSize());
            float[] logits = Logits.compute(m, tokens, batch);
            float[] expected = GoldenData.logits(model, seq, "llamacpp-kvf32-nofa");

            float[] perPosition = GoldenData.perPositionMaxAbs(logits, expected, m.vocabSize());
            assertThat(GoldenData.max(perPosition)).isLessThanOrEqualTo(1e-4f);
        }
    }
}
