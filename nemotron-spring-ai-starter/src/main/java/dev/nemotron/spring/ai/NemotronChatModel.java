package dev.nemotron.spring.ai;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.MessageAggregator;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationConvention;
import org.springframework.ai.chat.observation.ChatModelObservationDocumentation;
import org.springframework.ai.chat.observation.DefaultChatModelObservationConvention;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.util.Assert;

import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

import dev.nemotron.runtime.chat.ChatEngine;
import dev.nemotron.runtime.chat.ChatListener;
import dev.nemotron.runtime.chat.ChatRequest;
import dev.nemotron.runtime.chat.ChatResult;
import dev.nemotron.runtime.chat.FinishReason;

/**
 * Spring AI's {@link ChatModel} for a Nemotron model loaded in this JVM.
 *
 * <p>{@link #call} generates on the caller's thread. {@link #stream} generates on a small pool of threads this
 * model owns and emits a chunk per piece of reasoning or answer as soon as the engine produces it; cancelling
 * the subscription stops generation at the next token. The answer is the message text, the reasoning is in the
 * message metadata under {@value #REASONING_CONTENT}, tool calls come back unexecuted (Spring AI's
 * {@code ToolCallingAdvisor} runs them), and every call is observed as a {@code gen_ai.client.operation} with
 * provider {@value #PROVIDER}.
 */
public class NemotronChatModel implements ChatModel, AutoCloseable {

    /** Provider name in observations. */
    public static final String PROVIDER = "nemotron";

    /** Message metadata key of the reasoning; on every streamed chunk it holds all reasoning so far. */
    public static final String REASONING_CONTENT = "reasoningContent";

    /** Response metadata key of the time spent evaluating the prompt, a {@link java.time.Duration}. */
    public static final String PROMPT_EVAL_DURATION = "prompt-eval-duration";

    /** Response metadata key of the prompt tokens evaluated per second (cached tokens not counted). */
    public static final String PROMPT_EVAL_TOKENS_PER_SECOND = "prompt-eval-tokens-per-second";

    /** Response metadata key of the time spent generating, a {@link java.time.Duration}. */
    public static final String EVAL_DURATION = "eval-duration";

    /** Response metadata key of the tokens generated per second. */
    public static final String EVAL_TOKENS_PER_SECOND = "eval-tokens-per-second";

    private static final ChatModelObservationConvention DEFAULT_OBSERVATION_CONVENTION =
            new DefaultChatModelObservationConvention();

    // Streams waiting for a generation thread; beyond this a new stream fails instead of queueing unboundedly.
    private static final int QUEUED_STREAMS = 64;

    private final ChatEngine engine;

    private final NemotronChatOptions options;

    private final ObservationRegistry observationRegistry;

    private final PromptConverter promptConverter;

    private final ResponseBuilder responses;

    private final ExecutorService generationExecutor;

    private final Set<StreamingListener> activeStreams = ConcurrentHashMap.newKeySet();

    private ChatModelObservationConvention observationConvention = DEFAULT_OBSERVATION_CONVENTION;

    protected NemotronChatModel(ChatEngine engine, NemotronChatOptions options,
            ToolCallingManager toolCallingManager, ObservationRegistry observationRegistry, int concurrentStreams) {
        Assert.notNull(engine, "engine must not be null");
        Assert.notNull(options, "options must not be null");
        Assert.notNull(toolCallingManager, "toolCallingManager must not be null");
        Assert.notNull(observationRegistry, "observationRegistry must not be null");
        Assert.isTrue(concurrentStreams > 0, "concurrentStreams must be positive");
        this.engine = engine;
        this.options = options;
        this.observationRegistry = observationRegistry;
        this.promptConverter = new PromptConverter(toolCallingManager);
        this.responses = new ResponseBuilder(Objects.requireNonNullElse(options.getModel(), PROVIDER));
        this.generationExecutor = new ThreadPoolExecutor(concurrentStreams, concurrentStreams, 0,
                TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUED_STREAMS),
                Thread.ofPlatform().name("nemotron-chat-", 0).daemon(true).factory());
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChatResponse call(Prompt prompt) {
        Prompt requestPrompt = withOptions(prompt);
        ChatRequest request = toChatRequest(requestPrompt);
        ChatModelObservationContext observationContext = ChatModelObservationContext.builder()
            .prompt(requestPrompt)
            .provider(PROVIDER)
            .build();
        ChatResponse response = observation(observationContext).observe(() -> {
            ChatResponse chatResponse = this.responses.complete(this.engine.chat(request, ChatListener.none()));
            observationContext.setResponse(chatResponse);
            return chatResponse;
        });
        return Objects.requireNonNull(response);
    }

    @Override
    public Flux<ChatResponse> stream(Prompt prompt) {
        return Flux.deferContextual(contextView -> {
            Prompt requestPrompt = withOptions(prompt);
            ChatRequest request = toChatRequest(requestPrompt);
            ChatModelObservationContext observationContext = ChatModelObservationContext.builder()
                .prompt(requestPrompt)
                .provider(PROVIDER)
                .streaming(true)
                .build();
            Observation observation = observation(observationContext);
            Observation parent = contextView.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
            observation.parentObservation(parent);
            // Started inside the parent's scope so that tracing links it to the caller's span.
            try (Observation.Scope ignored = parent != null ? parent.openScope() : Observation.Scope.NOOP) {
                observation.start();
            }
            Flux<ChatResponse> chunks = Flux.<ChatResponse>create(sink -> generate(request, sink))
                .doOnError(observation::error);
            // Stopped after the aggregator has set the response and before the subscriber sees the end, so that
            // whoever waits for the stream finds the observation complete.
            return new MessageAggregator().aggregate(chunks, observationContext::setResponse)
                .doOnTerminate(observation::stop)
                .doOnCancel(observation::stop)
                .contextWrite(context -> context.put(ObservationThreadLocalAccessor.KEY, observation));
        });
    }

    @Override
    public NemotronChatOptions getOptions() {
        return this.options;
    }

    /** Replaces the convention the observations of this model are named and tagged by. */
    public void setObservationConvention(ChatModelObservationConvention observationConvention) {
        Assert.notNull(observationConvention, "observationConvention must not be null");
        this.observationConvention = observationConvention;
    }

    /** Stops the streams still generating at their next token and releases the generation threads. */
    @Override
    public void close() {
        this.generationExecutor.shutdown();
        this.activeStreams.forEach(StreamingListener::cancel);
        try {
            this.generationExecutor.awaitTermination(1, TimeUnit.MINUTES);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private Prompt withOptions(Prompt prompt) {
        return prompt.getOptions() != null ? prompt : prompt.mutate().chatOptions(this.options).build();
    }

    private ChatRequest toChatRequest(Prompt requestPrompt) {
        ChatOptions requestOptions = Objects.requireNonNull(requestPrompt.getOptions());
        return this.promptConverter.toChatRequest(requestPrompt, NemotronChatOptions.from(requestOptions));
    }

    private Observation observation(ChatModelObservationContext context) {
        return ChatModelObservationDocumentation.CHAT_MODEL_OPERATION.observation(this.observationConvention,
                DEFAULT_OBSERVATION_CONVENTION, () -> context, this.observationRegistry);
    }

    private void generate(ChatRequest request, FluxSink<ChatResponse> sink) {
        StreamingListener listener = new StreamingListener(sink, this.responses);
        // Registered before it is queued, so that close() also cancels the streams still waiting for a thread.
        this.activeStreams.add(listener);
        try {
            this.generationExecutor.execute(() -> generate(request, listener, sink));
        }
        catch (RejectedExecutionException ex) {
            this.activeStreams.remove(listener);
            sink.error(new IllegalStateException("Too many Nemotron streams are waiting for a generation thread, "
                    + "or the chat model is closed", ex));
        }
    }

    private void generate(ChatRequest request, StreamingListener listener, FluxSink<ChatResponse> sink) {
        try {
            ChatResult result = this.engine.chat(request, listener);
            if (result.finishReason() != FinishReason.CANCELLED) {
                sink.next(this.responses.lastChunk(result));
            }
            sink.complete();
        }
        catch (RuntimeException ex) {
            sink.error(ex);
        }
        finally {
            this.activeStreams.remove(listener);
        }
    }

    /** Builds a {@link NemotronChatModel}; the engine is required. */
    public static final class Builder {

        private @Nullable ChatEngine engine;

        private NemotronChatOptions options = NemotronChatOptions.builder().build();

        private @Nullable ToolCallingManager toolCallingManager;

        private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

        private int concurrentStreams = 2;

        private Builder() {
        }

        /** The loaded model to chat with; it stays owned by the caller, who closes it. */
        public Builder engine(ChatEngine engine) {
            this.engine = engine;
            return this;
        }

        /** Options used when a prompt brings none. */
        public Builder options(NemotronChatOptions options) {
            this.options = options;
            return this;
        }

        /** Resolves the tool definitions of the options into what the chat template renders. */
        public Builder toolCallingManager(ToolCallingManager toolCallingManager) {
            this.toolCallingManager = toolCallingManager;
            return this;
        }

        public Builder observationRegistry(ObservationRegistry observationRegistry) {
            this.observationRegistry = observationRegistry;
            return this;
        }

        /** How many streams generate at the same time; further streams wait for one of them to end. */
        public Builder concurrentStreams(int concurrentStreams) {
            this.concurrentStreams = concurrentStreams;
            return this;
        }

        public NemotronChatModel build() {
            Assert.state(this.engine != null, "engine must not be null");
            ToolCallingManager manager = this.toolCallingManager != null ? this.toolCallingManager
                    : ToolCallingManager.builder().build();
            return new NemotronChatModel(this.engine, this.options, manager, this.observationRegistry,
                    this.concurrentStreams);
        }
    }
}
