package dev.nemotron.runtime.tokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads a {@link Vocabulary} from a Hugging Face {@code tokenizer.json} (as MLX checkpoints ship it) and the
 * optional {@code tokenizer_config.json} beside it, so that it equals the vocabulary llama.cpp's converter writes
 * into a GGUF for the same files: the same ids, types, merges and special tokens, hence the same tokenization.
 *
 * <p>Supported: {@code model.type} BPE with merges as {@code "a b"} strings or {@code ["a", "b"]} pairs, no
 * normalizer, and a pre-tokenizer that is the Llama-3 {@code Split} followed by a {@code ByteLevel} without its
 * own regex (the Tekken / pixtral layout of Nemotron 3). Added tokens become control tokens when {@code special}
 * (or spelled like one, {@code <|…|>}, {@code <pad>} …) and user-defined otherwise; ids missing from the file
 * become unused {@code [PADn]} tokens up to the requested vocabulary size, as the converter pads them. Anything
 * else is rejected with the file and field named.
 */
public final class HuggingFaceTokenizer {

    /** The Llama-3 split pattern in the spellings tokenizer.json files use. */
    private static final Set<String> LLAMA3_PATTERNS = Set.of(
            "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*"
                    + "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
            "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
                    + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+");

    /** Added tokens llama.cpp's converter makes control even when not flagged special. */
    private static final Set<String> SPECIAL_LOOKING = Set.of("<pad>", "<mask>", "<2mass>", "[@BOS@]");

    private static final ObjectMapper JSON = new ObjectMapper();

    private HuggingFaceTokenizer() {
    }

    /**
     * The vocabulary of a checkpoint directory: its {@code tokenizer.json}, and {@code tokenizer_config.json} if
     * present.
     *
     * @param vocabularySize the model's embedding rows; 0 to take the size from the tokenizer
     */
    public static Vocabulary readDirectory(Path directory, int vocabularySize) {
        Path config = directory.resolve("tokenizer_config.json");
        return read(directory.resolve("tokenizer.json"), Files.isRegularFile(config) ? config : null,
                vocabularySize);
    }

    /**
     * The vocabulary of a {@code tokenizer.json}, with BOS / EOS settings from {@code tokenizerConfig} when given.
     *
     * @param vocabularySize the model's embedding rows; 0 to take the size from the tokenizer
     * @throws TokenizerException naming the file for unreadable or unsupported content
     */
    public static Vocabulary read(Path tokenizerJson, @Nullable Path tokenizerConfig, int vocabularySize) {
        JsonNode root = parse(tokenizerJson);
        JsonNode config = tokenizerConfig == null ? null : parse(tokenizerConfig);
        String file = tokenizerJson.getFileName().toString();
        return new Reader(file, root, config).vocabulary(vocabularySize);
    }

    private static JsonNode parse(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new TokenizerException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** One file being read; {@code file} prefixes every error. */
    private record Reader(String file, JsonNode root, @Nullable JsonNode config) {

        Vocabulary vocabulary(int vocabularySize) {
            JsonNode model = root.path("model");
            require("BPE".equals(model.path("type").asString("")), "model.type '"
                    + model.path("type").asString("") + "' is not supported; supported: BPE");
            require(root.path("normalizer").isNull() || root.path("normalizer").isMissingNode(),
                    "a normalizer is not supported (Nemotron's tokenizer has none)");
            require(!model.path("byte_fallback").asBoolean(false), "model.byte_fallback is not supported");
            checkPreTokenizer(root.path("pre_tokenizer"));

            Map<Integer, String> byId = new HashMap<>();
            model.path("vocab").properties().forEach(e -> byId.put(e.getValue().asInt(), e.getKey()));
            Map<Integer, TokenType> added = addedTokens(byId);

            int size = byId.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
            require(vocabularySize == 0 || vocabularySize >= size, "the tokenizer has ids up to " + (size - 1)
                    + " but the model's vocabulary has only " + vocabularySize + " rows");
            int n = vocabularySize == 0 ? size : vocabularySize;
            List<String> tokens = new ArrayList<>(n);
            List<TokenType> types = new ArrayList<>(n);
            for (int id = 0; id < n; id++) {
                String text = byId.get(id);
                tokens.add(text != null ? text : "[PAD" + id + "]");
                types.add(text == null ? TokenType.UNUSED : added.getOrDefault(id, TokenType.NORMAL));
            }
            Map<String, Integer> ids = new HashMap<>();
            for (int id = 0; id < n; id++) {
                ids.put(tokens.get(id), id);
            }
            return new Vocabulary(PreTokenizer.LLAMA3, tokens, types, merges(model.path("merges")),
                    specialTokens(ids));
        }

        private void checkPreTokenizer(JsonNode pre) {
            String type = pre.path("type").asString("");
            require(type.equals("Sequence"), "pre_tokenizer.type '" + type + "' is not supported; supported: a "
                    + "Sequence of the Llama-3 Split and ByteLevel");
            JsonNode steps = pre.path("pretokenizers");
            require(steps.size() == 2, "pre_tokenizer.pretokenizers must be [Split, ByteLevel]");
            JsonNode split = steps.get(0);
            JsonNode pattern = split.path("pattern");
            String regex = pattern.path("Regex").asString(pattern.path("String").asString(""));
            require(split.path("type").asString("").equals("Split") && LLAMA3_PATTERNS.contains(regex),
                    "pre_tokenizer.pretokenizers[0] must be a Split on the Llama-3 pattern, found "
                            + split.path("type").asString("") + " '" + regex + "'");
            require(split.path("behavior").asString("").equals("Isolated") && !split.path("invert").asBoolean(false),
                    "pre_tokenizer.pretokenizers[0] must isolate matches (behavior Isolated, invert false)");
            JsonNode byteLevel = steps.get(1);
            require(byteLevel.path("type").asString("").equals("ByteLevel")
                            && !byteLevel.path("use_regex").asBoolean(true)
                            && !byteLevel.path("add_prefix_space").asBoolean(false),
                    "pre_tokenizer.pretokenizers[1] must be ByteLevel with use_regex and add_prefix_space false");
        }

        private Map<Integer, TokenType> addedTokens(Map<Integer, String> byId) {
            Map<Integer, TokenType> types = new HashMap<>();
            for (JsonNode token : root.path("added_tokens").values()) {
                int id = token.path("id").asInt(-1);
                String content = token.path("content").asString("");
                require(id >= 0 && !content.isEmpty(), "added_tokens entry without id or content: " + token);
                require(!token.path("lstrip").asBoolean(false) && !token.path("rstrip").asBoolean(false),
                        "added token '" + content + "' strips whitespace (lstrip/rstrip), which is not supported");
                byId.put(id, content);
                boolean control = token.path("special").asBoolean(false) || looksSpecial(content);
                types.put(id, control ? TokenType.CONTROL : TokenType.USER_DEFINED);
            }
            return types;
        }

        /** The converter's rule for added tokens a model forgot to flag as special. */
        private static boolean looksSpecial(String content) {
            return SPECIAL_LOOKING.contains(content) || (content.startsWith("<|") && content.endsWith("|>"));
        }

        private List<String> merges(JsonNode merges) {
            List<String> out = new ArrayList<>(merges.size());
            for (JsonNode merge : merges.values()) {
                if (merge.isString()) {
                    out.add(merge.stringValue());
                } else {
                    require(merge.isArray() && merge.size() == 2, "model.merges entry " + merge
                            + " is neither \"a b\" nor [a, b]");
                    out.add(merge.get(0).asString() + " " + merge.get(1).asString());
                }
            }
            return out;
        }

        private SpecialTokens specialTokens(Map<String, Integer> ids) {
            boolean addBos = config != null && config.has("add_bos_token")
                    ? config.path("add_bos_token").asBoolean()
                    : postProcessorAddsBos();
            boolean addEos = config != null && config.path("add_eos_token").asBoolean(false);
            return new SpecialTokens(configToken("bos_token", ids), configToken("eos_token", ids),
                    SpecialTokens.NONE, configToken("pad_token", ids), configToken("unk_token", ids), addBos, addEos);
        }

        /** A {@code TemplateProcessing} post-processor whose single-sequence template starts with a special token. */
        private boolean postProcessorAddsBos() {
            JsonNode post = root.path("post_processor");
            return post.path("type").asString("").equals("TemplateProcessing")
                    && post.path("single").path(0).has("SpecialToken");
        }

        private int configToken(String key, Map<String, Integer> ids) {
            if (config == null) {
                return SpecialTokens.NONE;
            }
            JsonNode value = config.path(key);
            String text = value.isObject() ? value.path("content").asString("") : value.asString("");
            if (text.isEmpty()) {
                return SpecialTokens.NONE;
            }
            Integer id = ids.get(text);
            if (id == null) {
                throw new TokenizerException("tokenizer_config.json: " + key + " '" + text
                        + "' is not a token of " + file);
            }
            return id;
        }

        private void require(boolean condition, String message) {
            if (!condition) {
                throw new TokenizerException(file + ": " + message);
            }
        }
    }
}
