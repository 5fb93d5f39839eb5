package dev.nemotron.runtime.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.nemotron.runtime.generate.GenerationOptions;
import dev.nemotron.runtime.generate.GenerationResult;
import dev.nemotron.runtime.generate.StopReason;
import dev.nemotron.runtime.model.LoadOptions;
import dev.nemotron.runtime.serve.EngineBusyException;
import dev.nemotron.runtime.serve.EngineClosedException;
import dev.nemotron.runtime.serve.ServingOptions;
import dev.nemotron.runtime.serve.ServingStats;
import dev.nemotron.runtime.testing.SharedData;

/**
 * The chat engine as a server on the golden random-weight model: concurrent seeded calls give what each gives
 * alone, round after round, without leaking threads, file handles or state memory; admission past the limit
 * fails with the retryable error; cancelled calls free their state; the next turn of a conversation resumes from
 * the previous turn's prefix; the context limit; and closing while calls run.
 *
 * <p>The expected outputs come from an engine without prefix reuse running each request on its own. Nothing here
 * depends on timing: calls are held inside their listener with latches.
 */
class ServingTest {

    /** Runs {@code call} on a thread of its own: the common pool may have a single worker, held by a blocked call. */
    private static <T> CompletableFuture<T> onNewThread(Supplier<T> call) {
        return CompletableFuture.supplyAsync(call, task -> Thread.ofPlatform().daemon().start(task));
    }

    private static final Path MODEL = SharedData.goldenModel("tiny-f32");
    private static final LoadOptions LOAD = LoadOptions.defaults().withThreads(2).withKvCodec("f16");
    private static final ServingOptions SERVING = ServingOptions.defaults().withMaxConcurrentSequences(4)
            .withMaxQueuedRequests(8).withAdmissionTimeout(Duration.ofMinutes(5)).withPrefixCacheBytes(8L << 20);
    private static final ServingOptions NO_REUSE = SERVING.withPrefixCacheBytes(0);

    private static NemotronChatEngine solo;

    @BeforeAll
    static void open() {
        solo = NemotronChatEngine.open(MODEL, LOAD, NO_REUSE);
    }

    @AfterAll
    static void close() {
        solo.close();
    }

    private static ChatRequest request(int i) {
        String[] questions = {"Hello! What is 2+2?", "Name three colours.", "Why is the sky blue?",
            "Write a haiku about rain.", "What is the capital of France?", "Count to five.", "Tell me a joke.",
            "Translate 'cat' into German."};
        GenerationOptions sampled = new GenerationOptions(0.8, 0.95, 40, null, 24, List.of(), 100L + i, null, null,
                null);
        return new ChatRequest(List.of(ChatMessage.user(questions[i])), List.of(), i % 2 == 0, Map.of(), sampled);
    }

    private static ChatRequest user(String text, GenerationOptions options) {
        return new ChatRequest(List.of(ChatMessage.user(text)), List.of(), true, Map.of(), options);
    }

    private static void assertSameCompletion(ChatResult actual, ChatResult expected) {
        assertThat(actual.reasoning()).isEqualTo(expected.reasoning());
        assertThat(actual.content()).isEqualTo(expected.content());
        assertThat(actual.toolCalls()).isEqualTo(expected.toolCalls());
        assertThat(actual.finishReason()).isEqualTo(expected.finishReason());
        assertThat(actual.usage().completionTokens()).isEqualTo(expected.usage().completionTokens());
        assertThat(actual.usage().promptTokens()).isEqualTo(expected.usage().promptTokens());
    }

    private static long openFileHandles() throws IOException {
        try (Stream<Path> handles = Files.list(Path.of("/proc/self/fd"))) {
            return handles.count();
        }
    }

    private static void assertHoldsNoSequence(NemotronChatEngine engine) {
        ServingStats stats = engine.servingStats();
        assertThat(stats.activeSequences()).isZero();
        assertThat(stats.queuedRequests()).isZero();
        assertThat(stats.openSequences()).isZero();
        assertThat(stats.sequenceBytes()).isZero();
        assertThat(stats.snapshotBytes()).isLessThanOrEqualTo(SERVING.prefixCacheBytes());
    }

    @Test
    void eightConcurrentSeededChatsEqualTheirSoloRunsRoundAfterRoundWithoutLeaks() throws Exception {
        List<ChatResult> alone = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            alone.add(solo.chat(request(i), ChatListener.none()));
        }
        int threadsAfterFirstRound = 0;
        long handlesAfterFirstRound = 0;

        try (NemotronChatEngine engine = NemotronChatEngine.open(MODEL, LOAD, SERVING)) {
            for (int round = 0; round < 3; round++) {
                List<ChatResult> results = concurrently(engine);

                for (int i = 0; i < 8; i++) {
                    assertSameCompletion(results.get(i), alone.get(i));
                    if (round > 0) {
                        assertThat(results.get(i).usage().cachedPromptTokens()).isPositive();
                    }
                }
                assertHoldsNoSequence(engine);
                if (round == 0) {
                    threadsAfterFirstRound = Thread.getAllStackTraces().size();
                    handlesAfterFirstRound = openFileHandles();
                }
            }
            System.out.printf("8 concurrent calls x 3 rounds: threads %d -> %d, file handles %d -> %d, %s%n",
                    threadsAfterFirstRound, Thread.getAllStackTraces().size(), handlesAfterFirstRound,
                    openFileHandles(), engine.servingStats());
            assertThat(Thread.getAllStackTraces().size()).isLessThanOrEqualTo(threadsAfterFirstRound);
            assertThat(openFileHandles()).isLessThanOrEqualTo(handlesAfterFirstRound);
            assertThat(engine.servingStats().snapshots()).isPositive();
        }
    }

    private static List<ChatResult> concurrently(NemotronChatEngine engine) throws Exception {
        List<Callable<ChatResult>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ChatRequest request = request(i);
            calls.add(() -> engine.chat(request, ChatListener.none()));
        }
        List<ChatResult> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<ChatResult> future : pool.invokeAll(calls)) {
                results.add(future.get());
            }
        }
        return results;
    }

    @Test
    void pastTheLimitACallFailsAtOnceWithTheRetryableErrorAndTheNextOneRuns() throws Exception {
        try (NemotronChatEngine engine = NemotronChatEngine.open(MODEL, LOAD,
                SERVING.withMaxConcurrentSequences(1).withMaxQueuedRequests(0))) {
            Gate gate = new Gate();
            CompletableFuture<ChatResult> running = onNewThread(
                    () -> engine.chat(user("Hi", GenerationOptions.greedy(4)), gate));
            gate.inside.await();

            assertThatThrownBy(() -> engine.chat(user("Hello", GenerationOptions.greedy(4)), ChatListener.none()))
                    .isInstanceOfSatisfying(EngineBusyException.class, e -> assertThat(e.retryable()).isTrue())
                    .hasMessageContaining("max-concurrent-sequences = 1, admission-timeout = PT5M");
            assertThat(engine.servingStats().activeSequences()).isOne();

            gate.release.countDown();
            assertThat(running.get().finishReason()).isEqualTo(FinishReason.LENGTH);
            assertThat(engine.chat(user("Hello", GenerationOptions.greedy(4)), ChatListener.none())
                    .usage().completionTokens()).isEqualTo(4);
            assertHoldsNoSequence(engine);
        }
    }

    @Test
    void aCancelledCallFreesItsSequenceWhenItReturnsAndKeepsNoSnapshotOfItsTurn() {
        try (NemotronChatEngine engine = NemotronChatEngine.open(MODEL, LOAD, SERVING)) {
            List<ServingStats> during = new ArrayList<>();
            ChatListener cancelAtThirdToken = new ChatListener() {
                int polls;

                @Override
                public boolean isCancelled() {
                    during.add(engine.servingStats());
                    return ++polls == 3;
                }
            };

            ChatResult result = engine.chat(user("Hello! What is 2+2?", GenerationOptions.greedy(50)),
                    cancelAtThirdToken);

            assertThat(result.finishReason()).isEqualTo(FinishReason.CANCELLED);
            assertThat(result.usage().completionTokens()).isEqualTo(3);
            assertThat(during.getLast().openSequences()).isOne();
            assertThat(during.getLast().sequenceBytes()).isPositive();
            assertHoldsNoSequence(engine);
            assertThat(engine.servingStats().snapshots()).as("the message boundary only").isOne();
        }
    }

    @Test
    void theSecondTurnResumesAtTheEndOfTheFirstTurnsMessagesAndAnswersAsAFreshRun() {
        GenerationOptions sampled = new GenerationOptions(0.7, null, null, null, 20, List.of(), 42L, null, null,
                null);
        ChatRequest first = user("Hello! What is 2+2?", sampled);
        try (NemotronChatEngine engine = NemotronChatEngine.open(MODEL, LOAD, SERVING)) {
            ChatResult one = engine.chat(first, ChatListener.none());
            ChatRequest second = new ChatRequest(List.of(first.messages().getFirst(),
                    ChatMessage.assistant(one.content(), one.reasoning(), List.of()), ChatMessage.user("And 3+3?")),
                    List.of(), true, Map.of(), sampled);
            String firstPrompt = engine.template().render(first);
            int sharedMessages = solo.template().render(second).startsWith(firstPrompt.substring(0,
                    firstPrompt.lastIndexOf("<|im_start|>"))) ? tokens(firstPrompt.substring(0,
                    firstPrompt.lastIndexOf("<|im_start|>"))) : -1;

            ChatResult two = engine.chat(second, ChatListener.none());

            System.out.printf("second turn: %d prompt tokens, %d restored%n", two.usage().promptTokens(),
                    two.usage().cachedPromptTokens());
            assertThat(one.usage().cachedPromptTokens()).isZero();
            assertThat(two.usage().cachedPromptTokens()).isEqualTo(sharedMessages).isPositive();
            assertSameCompletion(two, solo.chat(second, ChatListener.none()));
        }
    }

    @Test
    void aConversationWhoseFirstMessageWasEditedReusesNothingAndAnswersAsAFreshRun() {
        GenerationOptions greedy = GenerationOptions.greedy(12);
        try (NemotronChatEngine engine = NemotronChatEngine.open(MODEL, LOAD, SERVING)) {
            ChatResult one = engine.chat(user("Hello! What is 2+2?", greedy), ChatListener.none());
            ChatRequest edited = new ChatRequest(List.of(ChatMessage.user("Hello! What is 2+3?"),
                    ChatMessage.assistant(one.content(), one.reasoning(), List.of()), ChatMessage.user("Sure?")),
                    List.of(), true, Map.of(), greedy);

            ChatResult two = engine.chat(edited, ChatListener.none());

            assertThat(two.usage().cachedPromptTokens()).isZero();
            assertSameCompletion(two, solo.chat(edited, ChatListener.none()));
        }
    }

    private static int tokens(String text) {
        return solo.tokenizer().encode(text, true, true).length;
    }

    @Test
    void aPromptBeyondTheContextIsRejectedWithBothCountsAndGenerationThatReachesItEndsWithLength() {
        ChatRequest request = user("Hello! What is 2+2?", GenerationOptions.greedy(1000));
        int promptTokens = tokens(solo.template().render(request));
        try (NemotronChatEngine tight = NemotronChatEngine.open(MODEL, LOAD.withContextLength(promptTokens + 10),
                SERVING); NemotronChatEngine tooSmall = NemotronChatEngine.open(MODEL,
                LOAD.withContextLength(promptTokens), SERVING)) {
            ChatResult result = tight.chat(request, ChatListener.none());

            assertThat(result.finishReason()).isEqualTo(FinishReason.LENGTH);
            assertThat(result.usage().completionTokens()).as("sampled until the context is full").isEqualTo(11);
            assertThatThrownBy(() -> tooSmall.chat(request, ChatListener.none()))
                    .isInstanceOfSatisfying(ContextLengthExceededException.class, e -> {
                        assertThat(e.promptTokens()).isEqualTo(promptTokens);
                        assertThat(e.contextLength()).isEqualTo(promptTokens);
                    });
            assertThat(tooSmall.servingStats().snapshots()).isZero();
        }
    }

    @Test
    void theContextIsNeverLongerThanTheModelsTrainedContext() {
        try (NemotronChatEngine engine = NemotronChatEngine.open(MODEL, LOAD.withContextLength(4 << 20), SERVING)) {
            assertThat(engine.contextLength()).isEqualTo(1 << 20);
        }
    }

    @Test
    void closingEndsARunningCallWithAnErrorAndAWaitingOneToo() throws Exception {
        NemotronChatEngine engine = NemotronChatEngine.open(MODEL, LOAD,
                SERVING.withMaxConcurrentSequences(1).withMaxQueuedRequests(1));
        Gate gate = new Gate();
        CompletableFuture<ChatResult> running = onNewThread(
                () -> engine.chat(user("Hi", GenerationOptions.greedy(50)), gate));
        gate.inside.await();
        CompletableFuture<ChatResult> waiting = onNewThread(
                () -> engine.chat(user("Hello", GenerationOptions.greedy(4)), ChatListener.none()));
        while (engine.servingStats().queuedRequests() != 1) {
            Thread.onSpinWait();
        }

        Thread closer = Thread.ofPlatform().start(engine::close);
        while (closer.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        gate.release.countDown();
        closer.join();

        assertThatThrownBy(running::get).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(EngineClosedException.class)
                .hasMessage("the chat engine was closed during the call, after 1 generated tokens");
        assertThatThrownBy(waiting::get).cause().isInstanceOf(EngineClosedException.class)
                .hasMessage("the chat engine is closed");
        assertThatThrownBy(() -> engine.chat(user("Hi", GenerationOptions.greedy(2)), ChatListener.none()))
                .isInstanceOf(EngineClosedException.class).hasMessage("the chat engine is closed");
        assertHoldsNoSequence(engine);
        assertThat(engine.servingStats().snapshots()).isZero();
    }

    @Test
    void theModelIsUnmappedOnlyAfterTheRunningCallsReturned() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch inside = new CountDownLatch(1);
        TokenSource untilCancelled = (prompt, options, text, cancelled) -> {
            inside.countDown();
            int tokens = 1;
            while (!cancelled.getAsBoolean()) {
                tokens++;
            }
            events.add("generation returned");
            return new GenerationResult(new int[tokens], "", StopReason.CANCELLED, prompt.length, 0, 0);
        };
        NemotronChatEngine engine = new NemotronChatEngine(solo.template(), solo.tokenizer(), 4096, "scripted",
                untilCancelled, () -> events.add("unmapped"), SERVING);
        CompletableFuture<ChatResult> running = onNewThread(
                () -> engine.chat(user("Hi", GenerationOptions.defaults()), ChatListener.none()));
        inside.await();

        engine.close();

        assertThat(events).containsExactly("generation returned", "unmapped");
        assertThatThrownBy(running::get).cause().isInstanceOf(EngineClosedException.class);
    }

    @Test
    void aListenerClosingItsOwnEngineGetsAnErrorInsteadOfWaitingForItself() {
        NemotronChatEngine engine = NemotronChatEngine.open(MODEL, LOAD, SERVING);
        ChatListener closing = new ChatListener() {
            @Override
            public boolean isCancelled() {
                engine.close();
                return false;
            }
        };

        assertThatThrownBy(() -> engine.chat(user("Hi", GenerationOptions.greedy(8)), closing))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the engine cannot be closed from inside one of its own calls");
        engine.close();
        assertHoldsNoSequence(engine);
    }

    /** Holds its call inside the first token's cancellation poll until released. */
    private static final class Gate implements ChatListener {
        final CountDownLatch inside = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public boolean isCancelled() {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }
}
