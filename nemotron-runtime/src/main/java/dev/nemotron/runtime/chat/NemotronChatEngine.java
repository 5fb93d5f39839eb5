package dev.nemotron.runtime.chat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nemotron.runtime.generate.GenerationOptions;
import dev.nemotron.runtime.generate.GenerationResult;
import dev.nemotron.runtime.generate.Generator;
import dev.nemotron.runtime.model.LoadOptions;
import dev.nemotron.runtime.model.NemotronModel;
import dev.nemotron.runtime.serve.Admission;
import dev.nemotron.runtime.serve.EngineBusyException;
import dev.nemotron.runtime.serve.EngineClosedException;
import dev.nemotron.runtime.serve.ServedGeneration;
import dev.nemotron.runtime.serve.ServingGenerator;
import dev.nemotron.runtime.serve.ServingOptions;
import dev.nemotron.runtime.serve.ServingStats;
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
 * <p>Serving (see {@link ServingOptions}): each call runs in a sequence of its own, freed when the call returns;
 * at most {@code maxConcurrentSequences} run at once, others wait in a bounded queue and fail with the retryable
 * {@link EngineBusyException} when it is full or their wait times out. A prompt that begins with the tokens of a
 * snapshot in the prefix cache (kept at the end of the messages before each new assistant turn, and at the end
 * of each finished turn) resumes from it; {@link ChatUsage#cachedPromptTokens()} counts the tokens restored.
 * {@link #close()} rejects new and waiting calls, ends running ones at their next token with
 * {@link EngineClosedException}, and unmaps the model once they have returned.
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
    private final int messageStart;
    private final TokenSource tokens;
    private final Runnable onClose;
    private final Admission admission;
    private volatile boolean closing;
    private boolean closed;

    /**
     * @param tokenizer     tokenizes the rendered prompts
     * @param contextLength prompts must leave at least one token of it for the answer
     * @param tokens        generates the completions
     * @param onClose       frees the model when the engine is closed
     */
    NemotronChatEngine(ModelChatTemplate template, Tokenizer tokenizer, int contextLength, String description,
            TokenSource tokens, Runnable onClose) {
        this(template, tokenizer, contextLength, description, tokens, onClose, ServingOptions.defaults());
    }

    /** @param serving admission limits (the prefix cache lives in {@code tokens}) */
    NemotronChatEngine(ModelChatTemplate template, Tokenizer tokenizer, int contextLength, String description,
            TokenSource tokens, Runnable onClose, ServingOptions serving) {
        this.template = template;
        this.tokenizer = tokenizer;
        this.contextLength = contextLength;
        this.description = description;
        this.messageStart = tokenizer.vocabulary().id(NemotronChatFormat.MESSAGE_START);
        this.tokens = tokens;
        this.onClose = onClose;
        this.admission = new Admission(serving);
    }

    /**
     * Loads the model at {@code path} (a GGUF file, or a model directory where {@link NemotronModel#load} reads
     * one) with its chat template.
     *
     * @throws IllegalArgumentException if the model has no chat template or it does not parse, naming the file
     *                                  and key
     */
    public static NemotronChatEngine open(Path path, LoadOptions options) {
        return open(path, options, ServingOptions.defaults());
    }

    /** As {@link #open(Path, LoadOptions)}, serving as {@code serving} says. */
    public static NemotronChatEngine open(Path path, LoadOptions options, ServingOptions serving) {
        NemotronModel model = NemotronModel.load(path, options);
        try {
            ModelChatTemplate template = Files.isDirectory(path)
                    ? ModelChatTemplate.read(path)
                    : ModelChatTemplate.fromGguf(model.file().metadata());
            return of(model, template, serving);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** An engine over a loaded model and its template; closing the engine closes the model. */
    public static NemotronChatEngine of(NemotronModel model, ModelChatTemplate template) {
        return of(model, template, ServingOptions.defaults());
    }

    /** As {@link #of(NemotronModel, ModelChatTemplate)}, serving as {@code serving} says. */
    public static NemotronChatEngine of(NemotronModel model, ModelChatTemplate template, ServingOptions serving) {
        Vocabulary vocabulary = model.vocabulary();
        Generator generator = new Generator(model, vocabulary, markupTokens(vocabulary)::get);
        ModelTokens tokens = new ModelTokens(new ServingGenerator(model, generator, serving.prefixCacheBytes()));
        return new NemotronChatEngine(template, new Tokenizer(vocabulary), model.contextLength(), describe(model),
                tokens, model::close, serving);
    }

    /** The model's tokens, through the serving generator's sequences and prefix cache. */
    private record ModelTokens(ServingGenerator generator) implements TokenSource {

        @Override
        public GenerationResult generate(int[] prompt, GenerationOptions options, Consumer<String> text,
                BooleanSupplier cancelled) {
            return serve(prompt, 0, options, text, cancelled).result();
        }

        @Override
        public ServedGeneration serve(int[] prompt, int boundary, GenerationOptions options, Consumer<String> text,
                BooleanSupplier cancelled) {
            return generator.generate(prompt, boundary, options, text, cancelled);
        }

        @Override
        public ServingStats stats(Admission admission) {
            return generator.stats(admission);
        }

        @Override
        public void close() {
            generator.close();
        }
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
                model.weights().path().getFileName(), model.config().architecture(), model.config().pattern(),
                model.parameterCount(), model.weightTypes(), model.options().kvCacheDescription(),
                model.contextLength());
    }

    /** The template prompts are rendered with. */
    public ModelChatTemplate template() {
        return template;
    }

    /** The tokenizer prompts are encoded with. */
    Tokenizer tokenizer() {
        return tokenizer;
    }

    /**
     * {@inheritDoc}
     *
     * @throws ContextLengthExceededException if the prompt leaves no room for an answer, before any work
     * @throws IllegalArgumentException       also if the request's options are out of range (a token limit below
     *                                        1, an empty stop sequence) or the template rejects the request
     * @throws EngineBusyException            if no sequence became free in time (retryable)
     * @throws EngineClosedException          after {@link #close()}, or when it is called during the call
     */
    @Override
    public ChatResult chat(ChatRequest request, ChatListener listener) {
        requireOpen();
        GenerationOptions options = generationOptions(request);
        AnswerStops answer = new AnswerStops(request.options().stopSequences(), listener);
        String prompt = template.render(request);
        int[] ids = tokenizer.encode(prompt, true, true);
        if (ids.length >= contextLength) {
            throw new ContextLengthExceededException(ids.length, contextLength);
        }
        try (Admission.Permit _ = admission.acquire()) {
            return complete(request, listener, options, answer, prompt, ids);
        }
    }

    private void requireOpen() {
        if (closing) {
            throw new EngineClosedException("the chat engine is closed");
        }
    }

    private ChatResult complete(ChatRequest request, ChatListener listener, GenerationOptions options,
            AnswerStops answer, String prompt, int[] ids) {
        NemotronOutputParser parser = NemotronChatFormat.outputParser(request, prompt, answer);
        boolean[] closedDuringCall = {false};
        ServedGeneration served = tokens.serve(ids, lastMessageStart(ids), options, parser::accept, () -> {
            boolean stopped = answer.stopped() || listener.isCancelled();
            closedDuringCall[0] = closing;
            return stopped || closedDuringCall[0];
        });
        if (closedDuringCall[0]) {
            throw new EngineClosedException("the chat engine was closed during the call, after "
                    + served.result().tokens().length + " generated tokens");
        }
        GenerationResult generated = served.result();
        ParsedOutput parsed = parser.finish();
        answer.finish();

        FinishReason reason = finishReason(generated, answer);
        ChatUsage usage = new ChatUsage(ids.length, served.cachedPromptTokens(), generated.tokens().length,
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

    /**
     * Where the last message of the prompt begins: the messages before it are what the next turn's prompt repeats
     * (the new assistant turn is rendered differently once answered), so a snapshot there is the one reused.
     */
    private int lastMessageStart(int[] ids) {
        for (int i = ids.length - 1; i > 0; i--) {
            if (ids[i] == messageStart) {
                return i;
            }
        }
        return 0;
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
            LOG.debug("chat: prompt {} tokens ({} restored) in {} ms ({} tok/s), generated {} tokens in {} ms ({} "
                    + "tok/s), finish {}", usage.promptTokens(), usage.cachedPromptTokens(),
                    usage.promptDuration().toMillis(),
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

    /** Requests running and waiting, sequence state open and prefix-cache snapshots, now. */
    public ServingStats servingStats() {
        return tokens.stats(admission);
    }

    /**
     * Rejects later and waiting calls, ends running calls at their next token (they throw
     * {@link EngineClosedException}), waits until they have returned, then frees the prefix cache and unmaps the
     * model. Closing again does nothing.
     *
     * @throws IllegalStateException if called from a listener of this engine's own call, which would wait for
     *                               itself (the engine is closing then and that call ends at its next token)
     */
    @Override
    public void close() {
        closing = true;
        admission.close();
        admission.awaitIdle();
        synchronized (this) {
            if (!closed) {
                closed = true;
                tokens.close();
                onClose.run();
            }
        }
    }
}
