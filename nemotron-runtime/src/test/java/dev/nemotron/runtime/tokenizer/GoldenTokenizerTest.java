package dev.nemotron.runtime.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.nemotron.runtime.tokenizer.GoldenTokenizerData.Expectation;
import tools.jackson.databind.JsonNode;

/** The GGUF tokenizer against llama.cpp's own tokenizations of the golden models ({@code golden/tokenizer.json}). */
class GoldenTokenizerTest {

    static Stream<Expectation> expectations() {
        return GoldenTokenizerData.expectations().stream();
    }

    private static Tokenizer tokenizer(String vocabulary) {
        return new Tokenizer(GoldenTokenizerData.vocabulary(GoldenTokenizerData.MODEL_OF_VOCABULARY.get(vocabulary)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expectations")
    void encodesEveryCaseToLlamaCppIds(Expectation expected) {
        int[] ids = tokenizer(expected.vocabulary()).encode(expected.text(), true, expected.parseSpecial());

        assertThat(ids).containsExactly(expected.ids());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expectations")
    void rendersEveryPieceOfEveryCaseAsLlamaCpp(Expectation expected) {
        Tokenizer tokenizer = tokenizer(expected.vocabulary());
        int[] ids = expected.ids();
        List<byte[]> special = expected.pieces("piece_hex");
        List<byte[]> plain = expected.pieces("piece_plain_hex");

        for (int i = 0; i < ids.length; i++) {
            assertThat(tokenizer.piece(ids[i], true)).as("piece of %d", ids[i]).isEqualTo(special.get(i));
            assertThat(tokenizer.piece(ids[i], false)).as("plain piece of %d", ids[i]).isEqualTo(plain.get(i));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expectations")
    void detokenizesEveryCaseAsLlamaCpp(Expectation expected) {
        Tokenizer tokenizer = tokenizer(expected.vocabulary());

        assertThat(tokenizer.detokenize(expected.ids(), false, true)).isEqualTo(expected.bytes("detok_hex"));
        assertThat(tokenizer.detokenize(expected.ids(), false, false)).isEqualTo(expected.bytes("detok_plain_hex"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny", "tiny256"})
    void everyTokenHasLlamaCppTextAttributesAndPieces(String name) {
        Vocabulary vocabulary = tokenizer(name).vocabulary();
        JsonNode tokens = GoldenTokenizerData.root().get("vocabularies").get(name).get("tokens");

        assertThat(vocabulary.size()).isEqualTo(tokens.size());
        for (JsonNode token : tokens.values()) {
            int id = token.get("id").intValue();
            assertThat(vocabulary.text(id).getBytes(StandardCharsets.UTF_8)).as("text of %d", id)
                    .isEqualTo(GoldenTokenizerData.hex(token.get("text_hex").stringValue()));
            assertThat(vocabulary.attributes(id)).as("attributes of %d", id).isEqualTo(token.get("attr").intValue());
            assertThat(vocabulary.piece(id, true)).as("piece of %d", id)
                    .isEqualTo(GoldenTokenizerData.hex(token.get("piece_hex").stringValue()));
            assertThat(vocabulary.piece(id, false)).as("plain piece of %d", id)
                    .isEqualTo(GoldenTokenizerData.hex(token.get("piece_plain_hex").stringValue()));
        }
    }

    @Test
    void addsBosOnlyWhenTheVocabularyAsksAndSpecialTokensAreAdded() {
        Tokenizer dense = new Tokenizer(GoldenTokenizerData.vocabulary("tiny-dense-f32"));

        for (JsonNode c : GoldenTokenizerData.root().get("add_bos_examples").get("cases").values()) {
            String text = c.get("text").stringValue();
            assertThat(dense.encode(text, true, true)).as(text)
                    .containsExactly(GoldenTokenizerData.ints(c.get("default").get("ids")));
            assertThat(dense.encode(text, false, true)).as(text)
                    .containsExactly(GoldenTokenizerData.ints(c.get("no_bos").get("ids")));
        }
    }

    @Test
    void readsSpecialTokensAndEndOfGenerationFromTheGgufVocabulary() {
        Vocabulary vocabulary = GoldenTokenizerData.vocabulary("tiny-f32");

        assertThat(vocabulary.special()).isEqualTo(new SpecialTokens(1, 11, 11, 0, 0, false, false));
        assertThat(vocabulary.endOfGeneration()).containsExactly(2, 11);
        assertThat(vocabulary.mergeCount()).isEqualTo(236);
        assertThat(vocabulary.preTokenizer()).isEqualTo(PreTokenizer.LLAMA3);
    }
}
