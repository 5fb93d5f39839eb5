package dev.nemotron.runtime.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.nemotron.runtime.tokenizer.GoldenTokenizerData.Expectation;
import tools.jackson.databind.JsonNode;

/** Streaming text of the golden cases whose characters llama.cpp's tokens split across token boundaries. */
class StreamingDetokenizerTest {

    @ParameterizedTest
    @ValueSource(strings = {"cjk", "emoji_with_modifier", "accented_latin"})
    void emitsEachCharacterOnceCompleteAndNeverABrokenOne(String name) {
        Expectation expected = GoldenTokenizerData.expectations().stream()
                .filter(e -> e.name().equals(name) && e.vocabulary().equals("tiny") && e.parseSpecial())
                .findFirst().orElseThrow();
        Vocabulary vocabulary = GoldenTokenizerData.vocabulary("tiny-f32");
        StreamingDetokenizer stream = new StreamingDetokenizer(vocabulary, false);
        List<JsonNode> complete = expected.result().get("utf8_complete_after_token").valueStream().toList();
        int[] ids = expected.ids();

        StringBuilder text = new StringBuilder();
        for (int i = 0; i < ids.length; i++) {
            String emitted = stream.accept(ids[i]);
            assertThat(emitted).doesNotContain("\uFFFD");
            assertThat(stream.hasPending()).as("pending after token %d", i).isEqualTo(!complete.get(i).booleanValue());
            text.append(emitted);
        }
        text.append(stream.finish());

        assertThat(complete).anyMatch(c -> !c.booleanValue());
        assertThat(text.toString()).isEqualTo(expected.text());
    }
}
