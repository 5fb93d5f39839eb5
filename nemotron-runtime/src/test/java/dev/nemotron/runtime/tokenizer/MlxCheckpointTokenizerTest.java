package dev.nemotron.runtime.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.nemotron.runtime.model.LoadOptions;
import dev.nemotron.runtime.model.NemotronModel;
import dev.nemotron.runtime.testing.SharedData;
import dev.nemotron.runtime.tokenizer.GoldenTokenizerData.Expectation;

/**
 * A model loaded from an MLX checkpoint directory tokenizes with its {@code tokenizer.json} exactly as the GGUF
 * model of the same vocabulary ({@code tiny256-f32}) does, on every golden tokenizer case of that vocabulary.
 */
class MlxCheckpointTokenizerTest {

    @ParameterizedTest
    @ValueSource(strings = {"tiny256-mlx-4bit-g64", "tiny256-mlx-8bit-g64", "tiny256-mlx-mxfp4", "tiny256-mlx-mixed"})
    void mlxModelGivesTheGgufModelsIdsOnEveryGoldenCase(String checkpoint) {
        LoadOptions options = LoadOptions.defaults().withThreads(1);
        try (NemotronModel mlx = NemotronModel.load(SharedData.golden("mlx/" + checkpoint), options);
                NemotronModel gguf = NemotronModel.load(SharedData.goldenModel("tiny256-f32"), options)) {
            Tokenizer fromMlx = mlx.tokenizer();
            Tokenizer fromGguf = gguf.tokenizer();
            int cases = 0;
            for (Expectation e : GoldenTokenizerData.expectations()) {
                if (!e.vocabulary().equals("tiny256")) {
                    continue;
                }
                int[] ids = fromMlx.encode(e.text(), true, e.parseSpecial());
                assertThat(ids).as(e.name()).containsExactly(fromGguf.encode(e.text(), true, e.parseSpecial()));
                assertThat(ids).as(e.name()).containsExactly(e.ids());
                cases++;
            }
            assertThat(cases).isGreaterThanOrEqualTo(25);
        }
    }
}
