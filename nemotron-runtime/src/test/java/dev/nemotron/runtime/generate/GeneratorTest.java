package dev.nemotron.runtime.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.nemotron.runtime.model.LoadOptions;
import dev.nemotron.runtime.model.NemotronModel;
import dev.nemotron.runtime.testing.SharedData;

/**
 * Stop conditions of the loop, on tiny-f32's greedy continuation of golden/generation.json, and its hooks for a
 * chat layer: cancellation between tokens and control tokens kept as text.
 */
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

    @Test
    void cancellationIsAskedOnceAfterEachTokenAndEndsBeforeTheNext() {
        int[] polls = new int[1];
        GenerationResult full = new Generator(model, model.vocabulary()).generate(PROMPT,
                GenerationOptions.greedy(20), text -> { });

        GenerationResult cancelled = new Generator(model, model.vocabulary()).generate(model.newSequence(), PROMPT,
                GenerationOptions.greedy(20), text -> { }, () -> ++polls[0] == 6);

        assertThat(cancelled.stopReason()).isEqualTo(StopReason.CANCELLED);
        assertThat(polls[0]).isEqualTo(6);
        assertThat(cancelled.tokens()).containsExactly(Arrays.copyOf(full.tokens(), 6));
    }

    @Test
    void controlTokensNamedAsTextAreRenderedAndOthersAreNot() {
        try (NemotronModel dense = NemotronModel.load(SharedData.goldenModel("tiny-dense-f32"),
                LoadOptions.defaults().withThreads(2).withKvCodec("f32"))) {
            int thinkClose = dense.vocabulary().id("</think>");
            List<String> markupPieces = new ArrayList<>();

            GenerationResult plain = new Generator(dense, dense.vocabulary()).generate(PROMPT,
                    GenerationOptions.greedy(40), piece -> { });
            GenerationResult markup = new Generator(dense, dense.vocabulary(), id -> id == thinkClose)
                    .generate(PROMPT, GenerationOptions.greedy(40), markupPieces::add);

            int[] tokens = markup.tokens();
            assertThat(tokens).containsExactly(plain.tokens()).contains(thinkClose);
            assertThat(plain.text()).isEqualTo(dense.tokenizer().decode(tokens, false)).doesNotContain("</think>");
            assertThat(markup.text()).isEqualTo(decodeRendering(dense, tokens, thinkClose)).contains("</think>");
            assertThat(String.join("", markupPieces)).isEqualTo(markup.text());
        }
    }

    /** The tokens' text with {@code kept} rendered and every other control token left out. */
    private static String decodeRendering(NemotronModel dense, int[] tokens, int kept) {
        StringBuilder text = new StringBuilder();
        int from = 0;
        for (int i = 0; i <= tokens.length; i++) {
            if (i == tokens.length || tokens[i] == kept) {
                text.append(dense.tokenizer().decode(Arrays.copyOfRange(tokens, from, i), false));
                if (i < tokens.length) {
                    text.append(dense.vocabulary().text(kept));
                }
                from = i + 1;
            }
        }
        return text.toString();
    }
}
