package dev.nemotron.runtime.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.nemotron.runtime.model.LoadOptions;
import dev.nemotron.runtime.model.NemotronModel;
import dev.nemotron.runtime.testing.SharedData;

/** Stop conditions of the loop, on tiny-f32's greedy continuation of golden/generation.json. */
class GeneratorTest {

    /** The prompt "Hello world, the quick brown fox"; greedy continues " reasoningG res three all at si …". */
    private static final int[] PROMPT = {92, 121, 321, 329, 64, 281, 52, 133, 137, 125, 381, 482, 461};

    private static NemotronModel model;

    @BeforeAll
    static void load() {
        model = NemotronModel.load(SharedData.goldenModel("tiny-f32"), LoadOptions.defaults().withThreads(2));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void aStopSequenceEndsGenerationAndIsNotEmitted() {
        List<String> pieces = new ArrayList<>();
        GenerationOptions options = new GenerationOptions(0.0, null, null, null, 32, List.of(" three"), null, null,
                null, null);
        GenerationResult result = new Generator(model, model.vocabulary()).generate(PROMPT, options, pieces::add);

        assertThat(result.stopReason()).isEqualTo(StopReason.STOP_SEQUENCE);
        assertThat(result.text()).isEqualTo(" reasoningG res");
        assertThat(String.join("", pieces)).isEqualTo(" reasoningG res");
    }

    @Test
    void theTokenLimitEndsGeneration() {
        GenerationResult result = new Generator(model, model.vocabulary()).generate(PROMPT,
                GenerationOptions.greedy(3), piece -> { });

        assertThat(result.tokens()).containsExactly(423, 91, 425);
        assertThat(result.stopReason()).isEqualTo(StopReason.TOKEN_LIMIT);
        assertThat(result.promptTokens()).isEqualTo(PROMPT.length);
    }

    @Test
    void aFullContextEndsGeneration() {
        try (NemotronModel small = NemotronModel.load(SharedData.goldenModel("tiny-f32"),
                LoadOptions.defaults().withThreads(1).withContextLength(PROMPT.length + 2))) {
            GenerationResult result = new Generator(small, small.vocabulary()).generate(PROMPT,
                    GenerationOptions.greedy(10), piece -> { });

            assertThat(result.stopReason()).isEqualTo(StopReason.CONTEXT_FULL);
            assertThat(result.tokens()).hasSize(3);
        }
    }
}
