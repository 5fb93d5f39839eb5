package dev.nemotron.runtime.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Vocabularies built from plain lists and from GGUF metadata, and the BPE rules on hand-made merges. */
class VocabularyTest {

    private static final SpecialTokens NONE = SpecialTokens.none();

    private static Tokenizer tokenizer(List<String> tokens, List<TokenType> types, List<String> merges) {
        return new Tokenizer(new Vocabulary(PreTokenizer.LLAMA3, tokens, types, merges, NONE));
    }

    @Test
    void mergesTheLowestRankedPairFirst() {
        Tokenizer tokenizer = tokenizer(List.of("a", "b", "c", "ab", "bc"), List.of(), List.of("b c", "a b"));

        assertThat(tokenizer.encode("abc", false, false)).containsExactly(0, 4);
    }

    @Test
    void aWholePreTokenInTheVocabularySkipsTheMerges() {
        Tokenizer tokenizer = tokenizer(List.of("a", "b", "c", "ab", "bc", "abc"), List.of(), List.of("b c", "a b"));

        assertThat(tokenizer.encode("abc", false, false)).containsExactly(5);
    }

    @Test
    void userDefinedTokensSplitEvenWithoutSpecialParsingButControlTokensDoNot() {
        List<TokenType> types = List.of(TokenType.NORMAL, TokenType.USER_DEFINED, TokenType.CONTROL,
                TokenType.NORMAL, TokenType.NORMAL, TokenType.NORMAL);
        Tokenizer tokenizer = tokenizer(List.of("a", "<u>", "<c>", "<", "c", ">"), types, List.of());

        assertThat(tokenizer.encode("a<u><c>", false, false)).containsExactly(0, 1, 3, 4, 5);
        assertThat(tokenizer.encode("a<u><c>", false, true)).containsExactly(0, 1, 2);
    }

    @Test
    void anEndOfTurnTokenStoredAsNormalTextBecomesControlAndEndsGeneration() {
        Vocabulary vocabulary = new Vocabulary(PreTokenizer.LLAMA3, List.of("a", "<|im_end|>"), List.of(),
                List.of(), new SpecialTokens(SpecialTokens.NONE, 0, SpecialTokens.NONE, SpecialTokens.NONE,
                        SpecialTokens.NONE, false, false));

        assertThat(vocabulary.attributes(1)).isEqualTo(Vocabulary.ATTR_NORMAL | Vocabulary.ATTR_CONTROL);
        assertThat(vocabulary.special().eot()).isEqualTo(1);
        assertThat(vocabulary.endOfGeneration()).containsExactly(0, 1);
        assertThat(vocabulary.piece(1, false)).isEmpty();
    }

    @Test
    void aControlTokenNamedUnusedIsAlsoUnusedAndStillRendersWithSpecialRendering() {
        Vocabulary vocabulary = new Vocabulary(PreTokenizer.LLAMA3, List.of("a", "<unused0>"),
                List.of(TokenType.NORMAL, TokenType.CONTROL), List.of(), NONE);

        assertThat(vocabulary.attributes(1)).isEqualTo(Vocabulary.ATTR_CONTROL | Vocabulary.ATTR_UNUSED);
        assertThat(vocabulary.piece(1, true)).isEqualTo("<unused0>".getBytes(StandardCharsets.UTF_8));
        assertThat(vocabulary.piece(1, false)).isEmpty();
    }

    @Test
    void rejectsTwoTokensWithTheSameText() {
        assertThatThrownBy(() -> new Vocabulary(PreTokenizer.LLAMA3, List.of("a", "b", "a"), List.of(), List.of(),
                NONE)).isInstanceOf(TokenizerException.class).hasMessage("token text 'a' appears at ids 0 and 2");
    }

    @Test
    void readsIntegersOfAnyWidthFromGgufMetadata() {
        Map<String, Object> metadata = minimalMetadata();
        metadata.put(GgufVocabulary.BOS, 1L);
        metadata.put(GgufVocabulary.EOS, (short) 2);
        metadata.put(GgufVocabulary.TOKEN_TYPE, List.of(1L, 3, 3));

        Vocabulary vocabulary = Vocabulary.fromGgufMetadata(metadata);

        assertThat(vocabulary.special().bos()).isEqualTo(1);
        assertThat(vocabulary.special().eos()).isEqualTo(2);
        assertThat(vocabulary.special().addBos()).as("pixtral adds BOS unless the file says no").isTrue();
        assertThat(vocabulary.type(2)).isEqualTo(TokenType.CONTROL);
    }

    @Test
    void rejectsAnUnknownPreTokenizerByName() {
        Map<String, Object> metadata = minimalMetadata();
        metadata.put(GgufVocabulary.PRE, "qwen2");

        assertThatThrownBy(() -> Vocabulary.fromGgufMetadata(metadata)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("tokenizer.ggml.pre 'qwen2' is not supported").hasMessageContaining("pixtral");
    }

    @Test
    void rejectsASentencePieceVocabulary() {
        Map<String, Object> metadata = minimalMetadata();
        metadata.put(GgufVocabulary.MODEL, "llama");

        assertThatThrownBy(() -> Vocabulary.fromGgufMetadata(metadata))
                .hasMessage("tokenizer.ggml.model 'llama' is not supported; supported: gpt2 (byte-level BPE)");
    }

    @Test
    void namesTheKeyOfAMissingOrMistypedValue() {
        Map<String, Object> missing = minimalMetadata();
        missing.remove(GgufVocabulary.MERGES);
        Map<String, Object> mistyped = minimalMetadata();
        mistyped.put(GgufVocabulary.ADD_BOS, 1);
        Map<String, Object> outside = minimalMetadata();
        outside.put(GgufVocabulary.EOS, 7);

        assertThatThrownBy(() -> Vocabulary.fromGgufMetadata(missing)).hasMessage("tokenizer.ggml.merges is missing");
        assertThatThrownBy(() -> Vocabulary.fromGgufMetadata(mistyped))
                .hasMessage("tokenizer.ggml.add_bos_token must be a boolean, found Integer");
        assertThatThrownBy(() -> Vocabulary.fromGgufMetadata(outside))
                .hasMessage("eos token id 7 is outside the vocabulary of 3 tokens");
    }

    private static Map<String, Object> minimalMetadata() {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put(GgufVocabulary.MODEL, "gpt2");
        metadata.put(GgufVocabulary.PRE, "pixtral");
        metadata.put(GgufVocabulary.TOKENS, List.of("a", "<s>", "</s>"));
        metadata.put(GgufVocabulary.MERGES, List.of());
        metadata.put(GgufVocabulary.BOS, 1);
        metadata.put(GgufVocabulary.EOS, 2);
        return metadata;
    }
}
