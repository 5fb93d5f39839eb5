package dev.nemotron.runtime.tokenizer;

import java.util.function.IntPredicate;

/**
 * Text of generated tokens as they arrive: each token's piece goes through a {@link Utf8StreamDecoder}, so a
 * character split across tokens (common for CJK and emoji in byte-level BPE) is emitted once it is complete.
 *
 * <p>Not thread-safe: one per generation stream.
 */
public final class StreamingDetokenizer {

    private final Vocabulary vocabulary;
    private final IntPredicate renderSpecial;
    private final Utf8StreamDecoder decoder = new Utf8StreamDecoder();

    /**
     * @param renderSpecial render control tokens as their text (as {@code llama_token_to_piece} with
     *                      {@code special = true}); otherwise they render as nothing
     */
    public StreamingDetokenizer(Vocabulary vocabulary, boolean renderSpecial) {
        this(vocabulary, id -> renderSpecial);
    }

    /**
     * @param renderSpecial which control tokens render as their text; the others render as nothing. A chat
     *                      format keeps its own markup tokens (such as {@code <think>}) this way, as llama.cpp's
     *                      server does with a format's "preserved tokens".
     */
    public StreamingDetokenizer(Vocabulary vocabulary, IntPredicate renderSpecial) {
        this.vocabulary = vocabulary;
        this.renderSpecial = renderSpecial;
    }

    /** The text that became complete with this token, possibly empty. */
    public String accept(int token) {
        return decoder.decode(vocabulary.piece(token, renderSpecial.test(token)));
    }

    /** Whether bytes of an unfinished character are held back. */
    public boolean hasPending() {
        return decoder.hasPending();
    }

    /** Ends the stream; held bytes that never formed a character become U+FFFD. */
    public String finish() {
        return decoder.finish();
    }
}
