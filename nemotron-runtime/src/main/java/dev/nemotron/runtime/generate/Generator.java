package dev.nemotron.runtime.generate;

import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

import dev.nemotron.runtime.model.NemotronModel;
import dev.nemotron.runtime.model.SequenceState;
import dev.nemotron.runtime.sampling.Sampler;
import dev.nemotron.runtime.sampling.SamplerSettings;
import dev.nemotron.runtime.tokenizer.StreamingDetokenizer;
import dev.nemotron.runtime.tokenizer.Vocabulary;

/**
 * The generation loop: prefills the prompt in one batch, then decodes token by token with a sampler until an
 * end-of-generation token, a stop sequence, the token limit or the end of the context, streaming the text through
 * a UTF-8-safe detokenizer. Control tokens render as nothing, except those the caller names as text (a chat
 * format's markup), and a caller may cancel between tokens.
 *
 * <p>Holds no per-generation state: several threads may generate at once, each in its own sequence.
 */
public final class Generator {

    private final NemotronModel model;
    private final Vocabulary vocabulary;
    private final IntPredicate textControlTokens;

    /** A generator whose output holds no control-token text. */
    public Generator(NemotronModel model, Vocabulary vocabulary) {
        this(model, vocabulary, id -> false);
    }

    /**
     * @param textControlTokens the control tokens whose text is part of the output, such as the reasoning and
     *                          tool-call markup a chat format parses; other control tokens render as nothing
     */
    public Generator(NemotronModel model, Vocabulary vocabulary, IntPredicate textControlTokens) {
        this.model = model;
        this.vocabulary = vocabulary;
        this.textControlTokens = textControlTokens;
    }

    /**
     * Continues {@code prompt} in a fresh sequence.
     *
     * @param options sampling and stop settings; unset sampling fields take llama.cpp's defaults, an unset token
     *                limit runs to the end of the context
     * @param text    receives the generated text as it becomes final
     */
    public GenerationResult generate(int[] prompt, GenerationOptions options, Consumer<String> text) {
        return generate(model.newSequence(), prompt, options, text);
    }

    /** Continues {@code prompt} after what {@code sequence} already holds. */
    public GenerationResult generate(SequenceState sequence, int[] prompt, GenerationOptions options,
            Consumer<String> text) {
        return generate(sequence, prompt, options, text, () -> false);
    }

    /**
     * Continues {@code prompt} after what {@code sequence} already holds, asking {@code cancelled} once after each
     * generated token whether to go on: {@code true} ends the run with {@link StopReason#CANCELLED} before the
     * next token is computed.
     */
    public GenerationResult generate(SequenceState sequence, int[] prompt, GenerationOptions options,
            Consumer<String> text, BooleanSupplier cancelled) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt has no tokens");
        }
        Sampler sampler = new Sampler(model.vocabSize(), SamplerSettings.of(options,
                SamplerSettings.LLAMA_CPP_DEFAULTS));
        for (int token : prompt) {
            sampler.accept(token);
        }
        StreamingDetokenizer detokenizer = new StreamingDetokenizer(vocabulary, textControlTokens);
        StopSequenceMatcher stops = new StopSequenceMatcher(
                options.stopSequences().stream().filter(stop -> !stop.isEmpty()).toList());
        StringBuilder all = new StringBuilder();
        int limit = options.maxTokens() != null ? options.maxTokens() : Integer.MAX_VALUE;
        float[] logits = new float[model.vocabSize()];
        int[] next = new int[1];
        int[] generated = new int[Math.min(limit, 1024)];
        int count = 0;

        long start = System.nanoTime();
        model.forward(sequence, prompt, 0, prompt.length, logits, false);
        long prefilled = System.nanoTime();
        StopReason reason = StopReason.TOKEN_LIMIT;
        while (count < limit) {
            int token = sampler.sample(logits);
            sampler.accept(token);
            if (count == generated.length) {
                generated = Arrays.copyOf(generated, Math.min(limit, generated.length * 2));
            }
            generated[count++] = token;
            if (vocabulary.isEndOfGeneration(token)) {
                reason = StopReason.END_OF_GENERATION;
                break;
            }
            StopSequenceMatcher.Step step = stops.accept(detokenizer.accept(token));
            emit(step.text(), all, text);
            if (step.stopped()) {
                reason = StopReason.STOP_SEQUENCE;
                break;
            }
            if (count == limit) {
                break;
            }
            if (sequence.position() >= sequence.contextLength()) {
                reason = StopReason.CONTEXT_FULL;
                break;
            }
            if (cancelled.getAsBoolean()) {
                reason = StopReason.CANCELLED;
                break;
            }
            next[0] = token;
            model.forward(sequence, next, 0, 1, logits, false);
        }
        if (reason != StopReason.STOP_SEQUENCE) {
            StopSequenceMatcher.Step step = stops.accept(detokenizer.finish());
            emit(step.text(), all, text);
            if (step.stopped()) {
                reason = StopReason.STOP_SEQUENCE;
            } else {
                emit(stops.finish(), all, text);
            }
        }
        long end = System.nanoTime();
        return new GenerationResult(Arrays.copyOf(generated, count), all.toString(), reason, prompt.length,
                prefilled - start, end - prefilled);
    }

    private static void emit(String piece, StringBuilder all, Consumer<String> text) {
        if (!piece.isEmpty()) {
            all.append(piece);
            text.accept(piece);
        }
    }
}
