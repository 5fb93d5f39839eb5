package dev.nemotron.runtime.chat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nemotron.runtime.generate.GenerationOptions;
import dev.nemotron.runtime.generate.GenerationResult;
import dev.nemotron.runtime.generate.Generator;
import dev.nemotron.runtime.model.LoadOptions;
import dev.nemotron.runtime.model.NemotronModel;
import dev.nemotron.runtime.tokenizer.Tokenizer;
import dev.nemotron.runtime.tokenizer.Vocabulary;

/**
 * The {@link ChatEngine} of a Nemotron model: renders each request through the model's own chat template,
 * tokenizes the prompt (control-token text becomes control tokens), generates in a fresh sequence, and streams
 * the output through {@link NemotronOutputParser} to the caller's listener.
 *
 * <p>What reaches the parser: the text of every generated token, the Nemotron markup tokens {@code <think>},
 * {@code </think>}, {@code <tool_call>} and {@code </tool_call>} included (llama.cpp's "preserved tokens"); other
 * control tokens render as nothing and end-of-generation tokens end the turn. Stop sequences apply to the answer
 * only, so a stop string inside the reasoning or a tool call does not end the completion.
 *
 * <p>Sampling options left {@code null} take NVIDIA's recommendation for Nemotron 3: temperature 1.0 and top-p 1.0
 * for chat, temperature 0.6 and top-p 0.95 when the request offers tools; top-k and min-p are off (0), no
 * penalties, and the token limit is the rest of the context.
 *
 * <p>Finish reasons: {@link FinishReason#CANCELLED} when the listener asked to stop (polled once per token),
 * {@link FinishReason#LENGTH} at the token limit or the end of the context, else {@link FinishReason#TOOL_CALLS}
 * when the turn called tools and {@link FinishReason#STOP} otherwise. Completion tokens count every sampled token,
 * the end-of-generation token included, as llama.cpp's server does.
 *
 * <p>Thread-safe: each call runs in its own sequence (the model computes one forward pass at a time);
 * {@link #close()} waits for calls in flight.
 */
public final class NemotronChatEngine implements ChatEngine {

    private static final Logger LOG = LoggerFactory.getLogger(NemotronChatEngine.class);

    /** The control tokens whose text the output parser reads. */
    private static final List<String> MARKUP_TOKENS = List.of(NemotronChatFormat.THINK_OPEN,
            NemotronChatFormat.THINK_CLOSE, "<tool_call>", "</tool_call>");

    private static final double CHAT_TEMPERATURE = 1.0;
    private static final double CHAT_TOP_P = 1.0;
    private static final double TOOL_TEMPERATURE = 0.6;
    private static final double TOOL_TOP_P = 0.95;

    private final ModelChatTemplate template;
    private final Tokenizer tokenizer;
    private final int contextLength;
    private final String description;
    private final TokenSource tokens;
    private final Runnable onClose;
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    /**
     * @param tokenizer     tokenizes the rendered prompts
     * @param contextLength prompts must leave at least one token of it for the answer
     * @param tokens        generates the completions
     * @param onClose       frees the model when the engine is closed
     */
    NemotronChatEngine(ModelChatTemplate template, Tokenizer tokenizer, int contextLength, String description,
            TokenSource tokens, Runnable onClose) {
        this.template = template;
        this.tokenizer = tokenizer;
        this.contextLength = contextLength;
        this.description = description;
        this.tokens = tokens;
        this.onClose = onClose;
    }

    /**
     * Loads the model at {@code path} (a GGUF file, or a model directory where {@link NemotronModel#load} reads
     * one) with its chat template.
     *
     * @throws IllegalArgumentException if the model has no chat template or it does not parse, naming the file
     *                                  and key
     */
    public static NemotronChatEngine open(Path path, LoadOptions options) {
        NemotronModel model = NemotronModel.load(path, options);
        try {
            ModelChatTemplate template = Files.isDirectory(path)
                    ? ModelChatTemplate.read(path)
                    : ModelChatTemplate.fromGguf(model.file().metadata());
            return of(model, template);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** An engine over a loaded model and its template; closing the engine closes the model. */
    public static NemotronChatEngine of(NemotronModel model, ModelChatTemplate template) {
        Vocabulary vocabulary = model.vocabulary();
        Generator generator = new Generator(model, vocabulary, markupTokens(vocabulary)::get);
        TokenSource tokens = (prompt, options, text, cancelled) ->
                generator.generate(model.newSequence(), prompt, options, text, cancelled);
        return new NemotronChatEngine(template, new Tokenizer(vocabulary), model.contextLength(), describe(model),
                tokens, model::close);
    }

    private static BitSet markupTokens(Vocabulary vocabulary) {
        BitSet ids = new BitSet(vocabulary.size());
        for (String markup : MARKUP_TOKENS) {
            int id = vocabulary.id(markup);
            if (id >= 0) {
                ids.set(id);
            }
        }
        return ids;
    }

    private static String describe(NemotronModel model) {
        return "%s: %s %s, %,d parameters, weights %s, KV codec %s, context %d".formatted(
                model.file().path().getFileName(), model.config().architecture(), model.config().pattern(),
                model.parameterCount(), model.weightTypes(), model.options().kvCodec(), model.contextLength());
    }

    /** The template prompts are rendered with. */
    public ModelChatTemplate template() {
        return template;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException also if the request's options are out of range (a token limit below 1, an
     *                                  empty stop sequence) or the template rejects the request
     * @throws IllegalStateException    after {@link #close()}
     */
    @Override
    public ChatResult chat(ChatRequest request, ChatListener listener) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the chat engine is closed");
            }
            return complete(request, listener);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private ChatResult complete(ChatRequest request, ChatListener listener) {
        GenerationOptions options = generationOptions(request);
        AnswerStops answer = new AnswerStops(request.options().stopSequences(), listener);
        String prompt = template.render(request);
        int[] ids = tokenizer.encode(prompt, true, true);
        if (ids.length >= contextLength) {
            throw new IllegalArgumentException(("the prompt has %d tokens but the context holds %d, leaving no room "
                    + "for the answer").formatted(ids.length, contextLength));
        }

        NemotronOutputParser parser = NemotronChatFormat.outputParser(request, prompt, answer);
        GenerationResult generated = tokens.generate(ids, options, parser::accept,
                () -> answer.stopped() || listener.isCancelled());
        ParsedOutput parsed = parser.finish();
        answer.finish();

        FinishReason reason = finishReason(generated, answer);
        ChatUsage usage = new ChatUsage(ids.length, 0, generated.tokens().length,
                Duration.ofNanos(generated.prefillNanos()), Duration.ofNanos(generated.decodeNanos()));
        logTimings(usage, reason);
        return new ChatResult(answer.content(), parsed.reasoning(), answer.toolCalls(), reason, usage);
    }

    /** The request's options with the engine's defaults; stop sequences are left to {@link AnswerStops}. */
    static GenerationOptions generationOptions(ChatRequest request) {
        GenerationOptions given = request.options();
        if (given.maxTokens() != null && given.maxTokens() < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, got " + given.maxTokens());
        }
        boolean tools = !request.tools().isEmpty();
        return new GenerationOptions(
                or(given.temperature(), tools ? TOOL_TEMPERATURE : CHAT_TEMPERATURE),
                or(given.topP(), tools ? TOOL_TOP_P : CHAT_TOP_P),
                given.topK() != null ? given.topK() : 0,
                or(given.minP(), 0.0),
                given.maxTokens(), List.of(), given.seed(), given.repetitionPenalty(), given.presencePenalty(),
                given.frequencyPenalty());
    }

    private static double or(@Nullable Double value, double fallback) {
        return value != null ? value : fallback;
    }

    private static FinishReason finishReason(GenerationResult generated, AnswerStops answer) {
        boolean calledTools = !answer.toolCalls().isEmpty();
        if (answer.stopped()) {
            return calledTools ? FinishReason.TOOL_CALLS : FinishReason.STOP;
        }
        return switch (generated.stopReason()) {
            case CANCELLED -> FinishReason.CANCELLED;
            case TOKEN_LIMIT, CONTEXT_FULL -> FinishReason.LENGTH;
            case END_OF_GENERATION, STOP_SEQUENCE -> calledTools ? FinishReason.TOOL_CALLS : FinishReason.STOP;
        };
    }

    private static void logTimings(ChatUsage usage, FinishReason reason) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("chat: prompt {} tokens in {} ms ({} tok/s), generated {} tokens in {} ms ({} tok/s), "
                    + "finish {}", usage.promptTokens(), usage.promptDuration().toMillis(),
                    Math.round(usage.promptTokensPerSecond()), usage.completionTokens(),
                    usage.generationDuration().toMillis(), Math.round(usage.generationTokensPerSecond()), reason);
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public int contextLength() {
        return contextLength;
    }

    /**
     * Waits for calls in flight, then closes the model; later calls are rejected. Closing again does nothing. A
     * listener must not close the engine of its own call, which would wait for itself: cancel the call instead.
     */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                onClose.run();
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}
