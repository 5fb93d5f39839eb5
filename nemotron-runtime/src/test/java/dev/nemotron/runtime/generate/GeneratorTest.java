package dev.nemotron.runtime.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.nemotron.runtime.model.LoadOptions;
import dev.nemotron.runtime.model.NemotronModel;
import dev.nemotron.runtime.testing.SharedData;

/** The generation loop's hooks for a chat layer: cancellation between tokens and control tokens kept as text. */
class GeneratorTest {

    private static final LoadOptions LOAD = LoadOptions.defaults().withThreads(2).withKvCodec("f32");

    @Test
    void cancellationIsAskedOnceAfterEachTokenAndEndsBeforeTheNext() {
        try (NemotronModel model = NemotronModel.load(SharedData.goldenModel("tiny-f32"), LOAD)) {
            int[] prompt = model.tokenizer().encode("Hello world, the quick brown fox", true, true);
            int[] polls = new int[1];
            GenerationResult full = new Generator(model, model.vocabulary()).generate(prompt,
                    GenerationOptions.greedy(20), text -> { });

            GenerationResult cancelled = new Generator(model, model.vocabulary()).generate(model.newSequence(),
                    prompt, GenerationOptions.greedy(20), text -> { }, () -> ++polls[0] == 6);

            assertThat(cancelled.stopReason()).isEqualTo(StopReason.CANCELLED);
            assertThat(polls[0]).isEqualTo(6);
            assertThat(cancelled.tokens()).containsExactly(Arrays.copyOf(full.tokens(), 6));
        }
    }

    @Test
    void controlTokensNamedAsTextAreRenderedAndOthersAreNot() {
        try (NemotronModel model = NemotronModel.load(SharedData.goldenModel("tiny-dense-f32"), LOAD)) {
            int thinkClose = model.vocabulary().id("</think>");
            int[] prompt = model.tokenizer().encode("Hello world, the quick brown fox", true, true);
            List<String> plainPieces = new ArrayList<>();
            List<String> markupPieces = new ArrayList<>();

            GenerationResult plain = new Generator(model, model.vocabulary()).generate(prompt,
                    GenerationOptions.greedy(40), plainPieces::add);
            GenerationResult markup = new Generator(model, model.vocabulary(), id -> id == thinkClose)
                    .generate(prompt, GenerationOptions.greedy(40), markupPieces::add);

            int[] tokens = markup.tokens();
            assertThat(tokens).containsExactly(plain.tokens()).contains(thinkClose);
            assertThat(plain.text()).isEqualTo(model.tokenizer().decode(tokens, false)).doesNotContain("</think>");
            assertThat(markup.text()).isEqualTo(decodeRendering(model, tokens, thinkClose)).contains("</think>");
            assertThat(String.join("", markupPieces)).isEqualTo(markup.text());
        }
    }

    /** The tokens' text with {@code kept} rendered and every other control token left out. */
    private static String decodeRendering(NemotronModel model, int[] tokens, int kept) {
        StringBuilder text = new StringBuilder();
        int from = 0;
        for (int i = 0; i <= tokens.length; i++) {
            if (i == tokens.length || tokens[i] == kept) {
                text.append(model.tokenizer().decode(Arrays.copyOfRange(tokens, from, i), false));
                if (i < tokens.length) {
                    text.append(model.vocabulary().text(kept));
                }
                from = i + 1;
            }
        }
        return text.toString();
    }
}
