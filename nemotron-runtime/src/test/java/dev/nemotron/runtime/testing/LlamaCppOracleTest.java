package dev.nemotron.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The oracle the parity tests rely on reproduces llama.cpp's golden logits exactly. */
class LlamaCppOracleTest {

    private static LlamaCppOracle oracle;

    @BeforeAll
    static void startOracle() {
        oracle = LlamaCppOracle.start();
    }

    @AfterAll
    static void stopOracle() {
        oracle.close();
    }

    @ParameterizedTest
    @CsvSource({"tiny-f32, seq16, 512", "tiny-q8_0, seq160, 512", "tiny256-q8_0, seq160, 1024",
        "tiny-bf16, seq16, 512"})
    void reproducesTheGoldenKvF32NoFlashAttentionLogitsBitForBit(String model, String sequence, int vocab)
            throws IOException {
        int[] tokens = SharedData.sequence(sequence, vocab);

        float[][] actual = oracle.logits(SharedData.goldenModel(model), tokens);

        float[][] expected = LlamaCppOracle.readLogits(
                SharedData.golden("logits/%s.%s.llamacpp-kvf32-nofa.f32".formatted(model, sequence)), tokens.length,
                vocab);
        assertThat(actual).isDeepEqualTo(expected);
    }
}
