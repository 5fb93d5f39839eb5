package dev.nemotron.runtime.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.nemotron.runtime.gguf.GgufFile;
import dev.nemotron.runtime.testing.SharedData;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The llama.cpp tokenizer expectations of {@code shared/golden/tokenizer.json} and the golden models' vocabularies. */
final class GoldenTokenizerData {

    /** The two golden vocabularies and the model file that carries each. */
    static final Map<String, String> MODEL_OF_VOCABULARY = Map.of("tiny", "tiny-f32", "tiny256", "tiny256-f32");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Object> CACHE = new ConcurrentHashMap<>();

    private GoldenTokenizerData() {
    }

    /** One expectation: a case's text tokenized with one vocabulary, with or without special parsing. */
    record Expectation(String name, String vocabulary, String text, boolean parseSpecial, JsonNode result) {

        int[] ids() {
            return ints(result.get("ids"));
        }

        List<byte[]> pieces(String field) {
            List<byte[]> out = new ArrayList<>();
            result.get(field).values().forEach(n -> out.add(hex(n.stringValue())));
            return out;
        }

        byte[] bytes(String field) {
            return hex(result.get(field).stringValue());
        }

        @Override
        public String toString() {
            return vocabulary + "/" + name + (parseSpecial ? "/special" : "/plain");
        }
    }

    static JsonNode root() {
        return (JsonNode) CACHE.computeIfAbsent("root", k -> JSON.readTree(SharedData.golden("tokenizer.json")
                .toFile()));
    }

    static List<Expectation> expectations() {
        List<Expectation> out = new ArrayList<>();
        for (JsonNode c : root().get("cases").values()) {
            String text = new String(hex(c.get("text_hex").stringValue()), StandardCharsets.UTF_8);
            for (String vocabulary : List.of("tiny", "tiny256")) {
                JsonNode results = c.get("results").get(vocabulary);
                out.add(new Expectation(c.get("name").stringValue(), vocabulary, text, true,
                        results.get("parse_special")));
                out.add(new Expectation(c.get("name").stringValue(), vocabulary, text, false,
                        results.get("no_parse_special")));
            }
        }
        return out;
    }

    /** The vocabulary of a golden model, read from its GGUF metadata. */
    static Vocabulary vocabulary(String model) {
        return (Vocabulary) CACHE.computeIfAbsent("model:" + model, k -> readVocabulary(model));
    }

    private static Vocabulary readVocabulary(String model) {
        try (GgufFile file = GgufFile.open(SharedData.goldenModel(model))) {
            return Vocabulary.fromGgufMetadata(file.metadata()::plain);
        }
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    static int[] ints(JsonNode array) {
        return array.valueStream().mapToInt(JsonNode::intValue).toArray();
    }
}
