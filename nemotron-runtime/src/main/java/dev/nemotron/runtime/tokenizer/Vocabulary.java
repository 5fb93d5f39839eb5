package dev.nemotron.runtime.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * A byte-level BPE vocabulary: token strings, their types and llama.cpp attributes, the merge ranks, the special
 * tokens and the end-of-generation set, with llama.cpp's load-time rules applied (empty tokens renamed, control-
 * looking end-of-turn tokens forced to control, end of turn detected by its text, control tokens named "unused"
 * marked unused). The rules llama.cpp keeps for other model families (gpt-oss channel tokens, Gemma 4's
 * {@code </s>}) are left out.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class Vocabulary {

    /** llama.cpp attribute bits ({@code llama_token_attr}). */
    public static final int ATTR_UNKNOWN = 1;
    public static final int ATTR_UNUSED = 2;
    public static final int ATTR_NORMAL = 4;
    public static final int ATTR_CONTROL = 8;
    public static final int ATTR_USER_DEFINED = 16;
    public static final int ATTR_BYTE = 32;

    /** Token texts that llama.cpp treats as end of generation wherever they occur in a vocabulary. */
    private static final Set<String> END_OF_GENERATION_TEXTS = Set.of("<|eot_id|>", "<|im_end|>", "<|end|>",
            "<|return|>", "<|call|>", "<|flush|>", "<|calls|>", "<end_of_turn>", "<|endoftext|>", "</s>",
            "<|eom_id|>", "<EOT>", "_<EOT>", "[EOT]", "[EOS]", "<|end_of_text|>", "<end_of_utterance>", "<eos>",
            "<turn|>", "<|tool_response>");

    /** Token texts llama.cpp takes as the end-of-turn token when the file names none. */
    private static final Set<String> END_OF_TURN_TEXTS = Set.of("<|eot_id|>", "<|im_end|>", "<|end|>",
            "<end_of_turn>", "<|endoftext|>", "<|end_of_text|>", "<EOT>", "_<EOT>", "[EOT]", "<end_of_utterance>");

    private final PreTokenizer preTokenizer;
    private final String[] tokens;
    private final TokenType[] types;
    private final int[] attributes;
    private final Map<String, Integer> ids;
    private final Map<String, Integer> mergeRanks;
    private final SpecialTokens special;
    private final int[] endOfGeneration;
    private final int[] specialTokensLongestFirst;
    private final byte[][] pieces;

    /**
     * A vocabulary from plain lists.
     *
     * @param preTokenizer how text is split before merging
     * @param tokens       token strings in id order, spelled with the GPT-2 byte characters
     * @param types        the type of each token, or an empty list for all {@link TokenType#NORMAL}
     * @param merges       merges in rank order, each {@code "left right"}
     * @param special      special ids and BOS / EOS flags
     * @throws TokenizerException if the lists disagree in length or a special id is out of range
     */
    public Vocabulary(PreTokenizer preTokenizer, List<String> tokens, List<TokenType> types, List<String> merges,
            SpecialTokens special) {
        if (!types.isEmpty() && types.size() != tokens.size()) {
            throw new TokenizerException("token types: " + types.size() + " entries for " + tokens.size()
                    + " tokens");
        }
        this.preTokenizer = preTokenizer;
        int n = tokens.size();
        this.tokens = new String[n];
        this.types = new TokenType[n];
        this.attributes = new int[n];
        this.ids = HashMap.newHashMap(n);
        for (int id = 0; id < n; id++) {
            String text = tokens.get(id);
            // llama.cpp renames empty entries so that every token has a distinct, findable text.
            this.tokens[id] = text.isEmpty() ? "[EMPTY_" + id + "]" : text;
            this.types[id] = types.isEmpty() ? TokenType.NORMAL : types.get(id);
            this.attributes[id] = this.types[id].attribute();
            Integer earlier = this.ids.put(this.tokens[id], id);
            if (earlier != null) {
                // llama.cpp refuses such a vocabulary too: a text must name one token.
                throw new TokenizerException("token text '" + this.tokens[id] + "' appears at ids " + earlier
                        + " and " + id);
            }
        }
        this.mergeRanks = rankMerges(merges);
        checkIds(special, n);
        int eot = special.eot() != SpecialTokens.NONE ? special.eot() : findEndOfTurn();
        markUnusedControlTokens();
        this.special = new SpecialTokens(special.bos(), special.eos(), eot, special.pad(), special.unk(),
                special.addBos(), special.addEos());
        this.endOfGeneration = collectEndOfGeneration();
        this.specialTokensLongestFirst = collectSpecialTokens();
        this.pieces = new byte[n][];
        for (int id = 0; id < n; id++) {
            pieces[id] = renderPiece(id);
        }
    }

    /**
     * A vocabulary from GGUF metadata ({@code tokenizer.ggml.*}); see {@link GgufVocabulary}.
     *
     * @param metadata the value of a key, or {@code null} when the file lacks it
     */
    public static Vocabulary fromGgufMetadata(Function<String, ? extends @Nullable Object> metadata) {
        return GgufVocabulary.read(metadata);
    }

    /** A vocabulary from GGUF metadata given as a map of key to value. */
    public static Vocabulary fromGgufMetadata(Map<String, ?> metadata) {
        return GgufVocabulary.read(metadata::get);
    }

    public PreTokenizer preTokenizer() {
        return preTokenizer;
    }

    /** Number of tokens (the embedding's row count in a consistent model). */
    public int size() {
        return tokens.length;
    }

    /** The token's string as stored (GPT-2 byte characters for normal tokens). */
    public String text(int id) {
        return tokens[id];
    }

    /** The token's type as stored in the file. */
    public TokenType type(int id) {
        return types[id];
    }

    /** llama.cpp's attribute bits of the token, after the load-time corrections ({@code ATTR_*}). */
    public int attributes(int id) {
        return attributes[id];
    }

    /** The id of the token with exactly this text, or -1. */
    public int id(String text) {
        Integer id = ids.get(text);
        return id == null ? -1 : id;
    }

    /** The rank of merging {@code left} and {@code right} (lower merges first), or -1 if they never merge. */
    public int mergeRank(String left, String right) {
        Integer rank = mergeRanks.get(left + ' ' + right);
        return rank == null ? -1 : rank;
    }

    /** Number of merges. */
    public int mergeCount() {
        return mergeRanks.size();
    }

    public SpecialTokens special() {
        return special;
    }

    /** Whether generating this token ends generation (end of turn, end of sequence, {@code </s>} …). */
    public boolean isEndOfGeneration(int id) {
        return Arrays.binarySearch(endOfGeneration, id) >= 0;
    }

    /** The end-of-generation ids in ascending order. */
    public int[] endOfGeneration() {
        return endOfGeneration.clone();
    }

    /**
     * The bytes of a token as {@code llama_token_to_piece} gives them: normal tokens through the inverse byte
     * map, control and unknown tokens as their text only when {@code special}, user-defined tokens as their
     * text, byte tokens as their byte, unused tokens as nothing.
     *
     * @throws IllegalArgumentException if {@code id} is not a token of this vocabulary
     */
    public byte[] piece(int id, boolean special) {
        if (id < 0 || id >= tokens.length) {
            throw new IllegalArgumentException("token id %d is outside the vocabulary of %d"
                    .formatted(id, tokens.length));
        }
        if (!special && (attributes[id] & (ATTR_CONTROL | ATTR_UNKNOWN)) != 0) {
            return new byte[0];
        }
        return pieces[id].clone();
    }

    /** Ids of control, user-defined and unknown tokens, longest text first: the order they are matched in. */
    int[] specialTokensLongestFirst() {
        return specialTokensLongestFirst;
    }

    private int[] collectSpecialTokens() {
        List<Integer> found = new ArrayList<>();
        for (int id = 0; id < tokens.length; id++) {
            if ((attributes[id] & (ATTR_CONTROL | ATTR_USER_DEFINED | ATTR_UNKNOWN)) != 0) {
                found.add(id);
            }
        }
        found.sort(Comparator.comparingInt((Integer id) -> -tokens[id].getBytes(StandardCharsets.UTF_8).length)
                .thenComparingInt(id -> id));
        return found.stream().mapToInt(Integer::intValue).toArray();
    }

    private static Map<String, Integer> rankMerges(List<String> merges) {
        Map<String, Integer> ranks = HashMap.newHashMap(merges.size());
        for (int rank = 0; rank < merges.size(); rank++) {
            String merge = merges.get(rank);
            // llama.cpp splits at the first space after the first character; a merge without one pairs "" and "".
            int space = merge.indexOf(' ', 1);
            String key = space < 0 ? " " : merge.substring(0, space) + ' ' + merge.substring(space + 1);
            ranks.putIfAbsent(key, rank);
        }
        return ranks;
    }

    private static void checkIds(SpecialTokens special, int n) {
        check("bos", special.bos(), n);
        check("eos", special.eos(), n);
        check("eot", special.eot(), n);
        check("pad", special.pad(), n);
        check("unk", special.unk(), n);
        if (special.addBos() && special.bos() == SpecialTokens.NONE) {
            throw new TokenizerException("add_bos_token is set but the vocabulary has no bos token");
        }
        if (special.addEos() && special.eos() == SpecialTokens.NONE) {
            throw new TokenizerException("add_eos_token is set but the vocabulary has no eos token");
        }
    }

    private static void check(String name, int id, int n) {
        if (id != SpecialTokens.NONE && (id < 0 || id >= n)) {
            throw new TokenizerException(name + " token id " + id + " is outside the vocabulary of " + n
                    + " tokens");
        }
    }

    private int findEndOfTurn() {
        for (int id = 0; id < tokens.length; id++) {
            if (END_OF_TURN_TEXTS.contains(tokens[id])) {
                attributes[id] |= ATTR_CONTROL;
                return id;
            }
        }
        return SpecialTokens.NONE;
    }

    /** llama.cpp takes a control token whose text says "unused" (such as {@code <unused12>}) as unused too. */
    private void markUnusedControlTokens() {
        for (int id = 0; id < tokens.length; id++) {
            if ((attributes[id] & ATTR_CONTROL) != 0 && tokens[id].contains("unused")) {
                attributes[id] |= ATTR_UNUSED;
            }
        }
    }

    private int[] collectEndOfGeneration() {
        TreeSet<Integer> set = new TreeSet<>();
        for (int id = 0; id < tokens.length; id++) {
            if (END_OF_GENERATION_TEXTS.contains(tokens[id])) {
                set.add(id);
                // Such a token stored as normal text would leak into the output; llama.cpp makes it control.
                attributes[id] |= ATTR_CONTROL;
            }
        }
        if (special.eos() != SpecialTokens.NONE) {
            set.add(special.eos());
        }
        if (special.eot() != SpecialTokens.NONE) {
            set.add(special.eot());
        }
        return set.stream().mapToInt(Integer::intValue).toArray();
    }

    private byte[] renderPiece(int id) {
        int attr = attributes[id];
        String text = tokens[id];
        if ((attr & (ATTR_CONTROL | ATTR_UNKNOWN | ATTR_USER_DEFINED)) != 0) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        if ((attr & ATTR_NORMAL) != 0) {
            return decodeByteLevel(text);
        }
        if ((attr & ATTR_BYTE) != 0 && text.length() == 6 && text.startsWith("<0x") && text.endsWith(">")) {
            return new byte[] {(byte) HexFormat.fromHexDigits(text, 3, 5)};
        }
        return new byte[0];
    }

    /**
     * The bytes a byte-level token spells. A character outside the byte map is kept visible the way llama.cpp
     * does it, as {@code [UNK_BYTE_0x<utf-8 hex><token text>]}.
     */
    private static byte[] decodeByteLevel(String text) {
        var out = new ByteArrayOutputStream(text.length());
        text.codePoints().forEach(c -> {
            int b = ByteLevel.decode(c);
            if (b >= 0) {
                out.write(b);
            } else {
                byte[] utf8 = Character.toString(c).getBytes(StandardCharsets.UTF_8);
                out.writeBytes(("[UNK_BYTE_0x" + HexFormat.of().formatHex(utf8) + text + "]")
                        .getBytes(StandardCharsets.UTF_8));
            }
        });
        return out.toByteArray();
    }
}
