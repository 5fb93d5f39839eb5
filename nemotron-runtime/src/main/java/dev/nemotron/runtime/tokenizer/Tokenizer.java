package dev.nemotron.runtime.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Byte-level BPE with llama.cpp's semantics ({@code llama_tokenize} / {@code llama_detokenize} for a {@code gpt2}
 * vocabulary).
 *
 * <p>Encoding: the text is first cut at the strings of special tokens ({@code tokenizer_st_partition}: longest
 * token first; control and unknown tokens only when {@code parseSpecial}, user-defined tokens always). Every piece
 * of plain text is pre-split (see {@link PreTokenizer}), each pre-token is spelled in GPT-2 byte characters and,
 * unless {@code ignore_merges} finds it whole in the vocabulary, merged pairwise by rank: the lowest-ranked
 * adjacent pair first, the leftmost among equal ranks.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class Tokenizer {

    private static final Comparator<Bigram> MERGE_ORDER =
            Comparator.comparingInt(Bigram::rank).thenComparingInt(Bigram::left);

    private final Vocabulary vocabulary;

    public Tokenizer(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /**
     * The token ids of {@code text}.
     *
     * @param addSpecial   add BOS / EOS as the vocabulary's {@code add_bos_token} / {@code add_eos_token} say
     * @param parseSpecial turn the text of control tokens (such as {@code <|im_start|>}) into those tokens
     */
    public int[] encode(String text, boolean addSpecial, boolean parseSpecial) {
        SpecialTokens special = vocabulary.special();
        IntList out = new IntList();
        if (addSpecial && special.addBos()) {
            out.add(special.bos());
        }
        String clean = replaceLoneSurrogates(text);
        if (!clean.isEmpty()) {
            for (Fragment fragment : partition(clean, parseSpecial)) {
                if (fragment.token() >= 0) {
                    out.add(fragment.token());
                } else {
                    encodePlain(clean.substring(fragment.start(), fragment.end()), out);
                }
            }
        }
        if (addSpecial && special.addEos()) {
            out.add(special.eos());
        }
        return out.toArray();
    }

    /** The bytes of one token; see {@link Vocabulary#piece(int, boolean)}. */
    public byte[] piece(int id, boolean special) {
        return vocabulary.piece(id, special);
    }

    /**
     * The bytes of a token sequence, as {@code llama_detokenize} gives them.
     *
     * @param removeSpecial   drop a leading BOS / trailing EOS that the vocabulary would have added
     * @param unparseSpecial  render control tokens as their text instead of nothing
     */
    public byte[] detokenize(int[] ids, boolean removeSpecial, boolean unparseSpecial) {
        SpecialTokens special = vocabulary.special();
        int from = 0;
        int to = ids.length;
        if (removeSpecial && special.addBos() && to > 0 && ids[0] == special.bos()) {
            from++;
        }
        if (removeSpecial && special.addEos() && to > from && ids[to - 1] == special.eos()) {
            to--;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = from; i < to; i++) {
            out.writeBytes(vocabulary.piece(ids[i], unparseSpecial));
        }
        byte[] bytes = out.toByteArray();
        return vocabulary.preTokenizer().cleanSpaces() ? SpaceCleaner.clean(bytes) : bytes;
    }

    /** {@link #detokenize} as text; bytes that are not valid UTF-8 become U+FFFD. */
    public String decode(int[] ids, boolean unparseSpecial) {
        return new String(detokenize(ids, false, unparseSpecial), StandardCharsets.UTF_8);
    }

    /** A span of plain text {@code [start, end)} or, when {@code token >= 0}, a special token. */
    private record Fragment(int start, int end, int token) {
    }

    private List<Fragment> partition(String text, boolean parseSpecial) {
        List<Fragment> fragments = new ArrayList<>();
        fragments.add(new Fragment(0, text.length(), -1));
        for (int id : vocabulary.specialTokensLongestFirst()) {
            if (!parseSpecial && (vocabulary.attributes(id) & (Vocabulary.ATTR_CONTROL | Vocabulary.ATTR_UNKNOWN))
                    != 0) {
                continue;
            }
            String needle = vocabulary.text(id);
            List<Fragment> next = new ArrayList<>(fragments.size() + 2);
            for (Fragment fragment : fragments) {
                if (fragment.token() >= 0) {
                    next.add(fragment);
                    continue;
                }
                int start = fragment.start();
                int match = text.indexOf(needle, start, fragment.end());
                while (match >= 0) {
                    if (match > start) {
                        next.add(new Fragment(start, match, -1));
                    }
                    next.add(new Fragment(match, match + needle.length(), id));
                    start = match + needle.length();
                    match = text.indexOf(needle, start, fragment.end());
                }
                if (start < fragment.end()) {
                    next.add(new Fragment(start, fragment.end(), -1));
                }
            }
            fragments = next;
        }
        return fragments;
    }

    private void encodePlain(String text, IntList out) {
        int[] cps = text.codePoints().toArray();
        IntList ends = new IntList();
        Llama3PreTokenizer.split(cps, 0, cps.length, ends);
        StringBuilder word = new StringBuilder();
        int start = 0;
        for (int i = 0; i < ends.size(); i++) {
            int end = ends.get(i);
            word.setLength(0);
            for (byte b : new String(cps, start, end - start).getBytes(StandardCharsets.UTF_8)) {
                word.append(ByteLevel.encode(b));
            }
            encodeWord(word.toString(), out);
            start = end;
        }
    }

    /** A candidate merge of symbols {@code left} and {@code right}, valid while both keep these lengths. */
    private record Bigram(int left, int right, int rank, int leftLength, int rightLength) {
    }

    private void encodeWord(String word, IntList out) {
        if (vocabulary.preTokenizer().ignoreMerges()) {
            int whole = vocabulary.id(word);
            if (whole >= 0) {
                out.add(whole);
                return;
            }
        }
        // Every GPT-2 byte character is a single UTF-16 unit, so symbol i starts as character i.
        int n = word.length();
        int[] length = new int[n];
        int[] prev = new int[n];
        int[] next = new int[n];
        for (int i = 0; i < n; i++) {
            length[i] = 1;
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        PriorityQueue<Bigram> queue = new PriorityQueue<>(MERGE_ORDER);
        for (int i = 1; i < n; i++) {
            offer(queue, word, length, i - 1, i);
        }
        while (!queue.isEmpty()) {
            Bigram bigram = queue.poll();
            int left = bigram.left();
            int right = bigram.right();
            if (length[left] != bigram.leftLength() || length[right] != bigram.rightLength()) {
                continue;
            }
            length[left] += length[right];
            length[right] = 0;
            next[left] = next[right];
            if (next[right] >= 0) {
                prev[next[right]] = left;
            }
            offer(queue, word, length, prev[left], left);
            offer(queue, word, length, left, next[left]);
        }
        for (int i = 0; i >= 0; i = next[i]) {
            emitSymbol(word.substring(i, i + length[i]), out);
        }
    }

    private void offer(PriorityQueue<Bigram> queue, String word, int[] length, int left, int right) {
        if (left < 0 || right < 0) {
            return;
        }
        int rank = vocabulary.mergeRank(word.substring(left, left + length[left]),
                word.substring(right, right + length[right]));
        if (rank >= 0) {
            queue.add(new Bigram(left, right, rank, length[left], length[right]));
        }
    }

    /** A final symbol; one missing from the vocabulary falls back to its single-byte characters, as in llama.cpp. */
    private void emitSymbol(String symbol, IntList out) {
        int id = vocabulary.id(symbol);
        if (id >= 0) {
            out.add(id);
            return;
        }
        for (byte b : symbol.getBytes(StandardCharsets.UTF_8)) {
            int single = b >= 0 ? vocabulary.id(String.valueOf((char) b)) : -1;
            if (single >= 0) {
                out.add(single);
            }
        }
    }

    /** llama.cpp reads UTF-8; a Java string can hold unpaired surrogates, which become U+FFFD as invalid input. */
    private static String replaceLoneSurrogates(String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                if (sb != null) {
                    sb.append(c).append(text.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (sb == null) {
                    sb = new StringBuilder(text.length()).append(text, 0, i);
                }
                sb.append('\uFFFD');
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? text : sb.toString();
    }
}
