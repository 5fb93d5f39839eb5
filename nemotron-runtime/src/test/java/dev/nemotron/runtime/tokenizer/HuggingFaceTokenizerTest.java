package dev.nemotron.runtime.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.nemotron.runtime.testing.SharedData;
import dev.nemotron.runtime.tokenizer.GoldenTokenizerData.Expectation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The MLX checkpoints' {@code tokenizer.json} (the tiny256 vocabulary, see {@code golden/mlx/README.md} §9) against
 * llama.cpp's tokenizations and the GGUF vocabulary of {@code tiny256-f32}.
 */
class HuggingFaceTokenizerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EMBEDDING_ROWS = 1024;
    private static final Tokenizer MLX_TOKENIZER =
            new Tokenizer(HuggingFaceTokenizer.readDirectory(checkpoint("tiny256-mlx-4bit-g64"), EMBEDDING_ROWS));

    private static Path checkpoint(String name) {
        return SharedData.golden("mlx/" + name);
    }

    static Stream<Expectation> tiny256Expectations() {
        return GoldenTokenizerData.expectations().stream().filter(e -> e.vocabulary().equals("tiny256"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tiny256Expectations")
    void encodesEveryGoldenCaseToLlamaCppIds(Expectation expected) {
        assertThat(MLX_TOKENIZER.encode(expected.text(), true, expected.parseSpecial()))
                .containsExactly(expected.ids());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny256-mlx-4bit-g64", "tiny256-mlx-8bit-g64", "tiny256-mlx-mixed", "tiny256-mlx-mxfp4"})
    void givesTheVocabularyThatTheGgufCarries(String name) {
        Vocabulary mlx = HuggingFaceTokenizer.readDirectory(checkpoint(name), EMBEDDING_ROWS);
        Vocabulary gguf = GoldenTokenizerData.vocabulary("tiny256-f32");

        assertThat(mlx.size()).isEqualTo(gguf.size());
        for (int id = 0; id < gguf.size(); id++) {
            assertThat(mlx.text(id)).as("text of %d", id).isEqualTo(gguf.text(id));
            assertThat(mlx.type(id)).as("type of %d", id).isEqualTo(gguf.type(id));
            assertThat(mlx.attributes(id)).as("attributes of %d", id).isEqualTo(gguf.attributes(id));
        }
        assertThat(mlx.mergeCount()).isEqualTo(gguf.mergeCount());
        assertThat(mlx.special()).isEqualTo(gguf.special());
        assertThat(mlx.endOfGeneration()).containsExactly(gguf.endOfGeneration());
    }

    @Test
    void readsMergesWrittenAsStringsLikeMergesWrittenAsPairs(@TempDir Path dir) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(checkpoint("tiny256-mlx-4bit-g64").resolve("tokenizer.json")
                .toFile());
        ArrayNode merges = (ArrayNode) root.get("model").get("merges");
        ArrayNode strings = JSON.createArrayNode();
        merges.values().forEach(pair -> strings.add(pair.get(0).stringValue() + " " + pair.get(1).stringValue()));
        ((ObjectNode) root.get("model")).set("merges", strings);
        Path file = dir.resolve("tokenizer.json");
        JSON.writeValue(file.toFile(), root);

        Vocabulary fromStrings = HuggingFaceTokenizer.read(file, null, 0);
        Vocabulary fromPairs = HuggingFaceTokenizer.read(checkpoint("tiny256-mlx-4bit-g64").resolve("tokenizer.json"),
                null, 0);

        assertThat(fromStrings.size()).isEqualTo(566);
        for (int i = 0; i < merges.size(); i++) {
            JsonNode pair = merges.get(i);
            String left = pair.get(0).stringValue();
            String right = pair.get(1).stringValue();
            assertThat(fromStrings.mergeRank(left, right)).isEqualTo(i).isEqualTo(fromPairs.mergeRank(left, right));
        }
    }

    @Test
    void rejectsAPreTokenizerOtherThanTheLlama3Split(@TempDir Path dir) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(checkpoint("tiny256-mlx-4bit-g64").resolve("tokenizer.json")
                .toFile());
        root.set("pre_tokenizer", JSON.readTree("{\"type\":\"ByteLevel\",\"add_prefix_space\":false,"
                + "\"use_regex\":true}"));
        Path file = dir.resolve("tokenizer.json");
        JSON.writeValue(file.toFile(), root);

        assertThatThrownBy(() -> HuggingFaceTokenizer.read(file, null, 0)).isInstanceOf(TokenizerException.class)
                .hasMessage("tokenizer.json: pre_tokenizer.type 'ByteLevel' is not supported; supported: a Sequence"
                        + " of the Llama-3 Split and ByteLevel");
    }

    @Test
    void rejectsAVocabularyLargerThanTheModel() {
        assertThatThrownBy(() -> HuggingFaceTokenizer.readDirectory(checkpoint("tiny256-mlx-4bit-g64"), 100))
                .hasMessage("tokenizer.json: the tokenizer has ids up to 565 but the model's vocabulary has only 100"
                        + " rows");
    }

    @Test
    void rejectsAFileThatIsNotJson(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("tokenizer.json"), "{ not json");

        assertThatThrownBy(() -> HuggingFaceTokenizer.read(file, null, 0)).isInstanceOf(TokenizerException.class)
                .hasMessageStartingWith(file + ": not valid JSON");
    }
}
