package dev.nemotron.runtime.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Reads a {@link Vocabulary} from the {@code tokenizer.ggml.*} keys of a GGUF file, given as a key lookup so that
 * this package does not depend on the GGUF reader. Values are what that reader produces: {@link String},
 * any {@link Number} for integers, {@link Boolean}, and {@link List} for arrays.
 *
 * <p>Defaults follow llama.cpp: without {@code token_type} every token is normal; without the id keys a
 * {@code gpt2} vocabulary has bos = eos = 11 and no unk or pad; {@code add_bos_token} defaults to what the
 * pre-tokenizer implies and {@code add_eos_token} to false.
 */
final class GgufVocabulary {

    static final String MODEL = "tokenizer.ggml.model";
    static final String PRE = "tokenizer.ggml.pre";
    static final String TOKENS = "tokenizer.ggml.tokens";
    static final String TOKEN_TYPE = "tokenizer.ggml.token_type";
    static final String MERGES = "tokenizer.ggml.merges";
    static final String BOS = "tokenizer.ggml.bos_token_id";
    static final String EOS = "tokenizer.ggml.eos_token_id";
    static final String EOT = "tokenizer.ggml.eot_token_id";
    static final String PAD = "tokenizer.ggml.padding_token_id";
    static final String UNK = "tokenizer.ggml.unknown_token_id";
    static final String ADD_BOS = "tokenizer.ggml.add_bos_token";
    static final String ADD_EOS = "tokenizer.ggml.add_eos_token";

    /** llama.cpp's bos / eos for a {@code gpt2} vocabulary whose file names none (GPT-2's {@code <|endoftext|>}). */
    private static final int GPT2_DEFAULT_BOS_EOS = 11;

    private GgufVocabulary() {
    }

    static Vocabulary read(Function<String, ? extends @Nullable Object> metadata) {
        String model = string(metadata, MODEL);
        if (model == null) {
            throw new TokenizerException(MODEL + " is missing");
        }
        if (!model.equals("gpt2")) {
            throw new TokenizerException(MODEL + " '" + model + "' is not supported; supported: gpt2 (byte-level BPE)");
        }
        String pre = string(metadata, PRE);
        if (pre == null) {
            throw new TokenizerException(PRE + " is missing; a pre-tokenizer name such as pixtral is required");
        }
        PreTokenizer preTokenizer = PreTokenizer.fromGgufName(pre);

        List<String> tokens = strings(metadata, TOKENS, true);
        List<String> merges = strings(metadata, MERGES, true);
        List<TokenType> types = tokenTypes(metadata, tokens.size());

        SpecialTokens special = new SpecialTokens(
                id(metadata, BOS, GPT2_DEFAULT_BOS_EOS),
                id(metadata, EOS, GPT2_DEFAULT_BOS_EOS),
                id(metadata, EOT, SpecialTokens.NONE),
                id(metadata, PAD, SpecialTokens.NONE),
                id(metadata, UNK, SpecialTokens.NONE),
                flag(metadata, ADD_BOS, preTokenizer.addBosByDefault()),
                flag(metadata, ADD_EOS, false));
        return new Vocabulary(preTokenizer, tokens, types, merges, special);
    }

    private static @Nullable String string(Function<String, ? extends @Nullable Object> metadata, String key) {
        Object value = metadata.apply(key);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw wrongType(key, value, "a string");
    }

    private static List<String> strings(Function<String, ? extends @Nullable Object> metadata, String key,
            boolean required) {
        List<?> list = list(metadata, key);
        if (list == null) {
            if (required) {
                throw new TokenizerException(key + " is missing");
            }
            return List.of();
        }
        List<String> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s)) {
                throw wrongType(key + "[" + i + "]", list.get(i), "a string");
            }
            out.add(s);
        }
        return out;
    }

    private static List<TokenType> tokenTypes(Function<String, ? extends @Nullable Object> metadata, int n) {
        List<?> list = list(metadata, TOKEN_TYPE);
        if (list == null) {
            return List.of();
        }
        if (list.size() < n) {
            throw new TokenizerException(TOKEN_TYPE + " has " + list.size() + " entries for " + n + " tokens");
        }
        List<TokenType> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (!(list.get(i) instanceof Number code)) {
                throw wrongType(TOKEN_TYPE + "[" + i + "]", list.get(i), "an integer");
            }
            out.add(TokenType.fromCode(code.intValue()));
        }
        return out;
    }

    private static @Nullable List<?> list(Function<String, ? extends @Nullable Object> metadata, String key) {
        Object value = metadata.apply(key);
        if (value == null || value instanceof List<?>) {
            return (List<?>) value;
        }
        throw wrongType(key, value, "an array");
    }

    private static int id(Function<String, ? extends @Nullable Object> metadata, String key, int fallback) {
        Object value = metadata.apply(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Number number) || number instanceof Float || number instanceof Double) {
            throw wrongType(key, value, "an integer");
        }
        long id = number.longValue();
        if (id < 0 || id > Integer.MAX_VALUE) {
            throw new TokenizerException(key + " = " + id + " is not a token id");
        }
        return (int) id;
    }

    private static boolean flag(Function<String, ? extends @Nullable Object> metadata, String key,
            boolean fallback) {
        Object value = metadata.apply(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw wrongType(key, value, "a boolean");
    }

    private static TokenizerException wrongType(String key, @Nullable Object value, String expected) {
        String actual = value == null ? "null" : value.getClass().getSimpleName();
        return new TokenizerException(key + " must be " + expected + ", found " + actual);
    }
}
