package dev.nemotron.spring.ai.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration;
import org.springframework.ai.model.tool.autoconfigure.ToolCallingAutoConfiguration;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.TransientAiException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import dev.nemotron.runtime.chat.ChatEngine;
import dev.nemotron.runtime.chat.NemotronChatEngine;
import dev.nemotron.runtime.serve.EngineClosedException;
import dev.nemotron.runtime.serve.ServingStats;
import dev.nemotron.spring.ai.NemotronBusyException;
import dev.nemotron.spring.ai.NemotronChatModel;
import dev.nemotron.spring.ai.NemotronChatOptions;
import dev.nemotron.spring.ai.NemotronPromptTooLongException;

/**
 * The starter serving many ChatClient requests at once on the runtime's own engine and the golden tiny-f32.gguf
 * (random weights, so the text means nothing; F32 makes every run of a request bit for bit the same, whatever
 * runs beside it, docs/serving.md). Outputs are compared with the same request run alone, never with fixed text.
 */
class NemotronServingLoadTests {

    private static final int CONCURRENT_REQUESTS = 8;

    private static final int ROUNDS = 3;

    private static final Duration BOUND = Duration.ofMinutes(2);

    private static final Path MODEL = goldenModel("tiny-f32");

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ToolCallingAutoConfiguration.class,
                ChatClientAutoConfiguration.class, NemotronAutoConfiguration.class))
        .withPropertyValues("spring.ai.nemotron.model=" + MODEL, "spring.ai.nemotron.chat.max-tokens=12",
                "spring.ai.nemotron.chat.temperature=0.9", "spring.ai.nemotron.max-concurrent-sequences=8");

    @Test
    void eightConcurrentSeededStreamsEqualTheirSoloRunsRoundAfterRoundWithoutLeaks() {
        this.contextRunner.run(context -> {
            ChatClient chatClient = context.getBean(ChatClient.Builder.class).build();
            List<String> alone = IntStream.range(0, CONCURRENT_REQUESTS)
                .mapToObj(i -> streamed(chatClient, i).blockLast(BOUND))
                .toList();
            assertThat(alone).doesNotContainNull().doesNotHaveDuplicates();

            Set<String> threadsAfterFirstRound = Set.of();
            long descriptorsAfterFirstRound = 0;
            for (int round = 1; round <= ROUNDS; round++) {
                List<String> together = Flux.mergeSequential(IntStream.range(0, CONCURRENT_REQUESTS)
                    .mapToObj(i -> streamed(chatClient, i)).toList(), CONCURRENT_REQUESTS, 1)
                    .collectList()
                    .block(BOUND);
                assertThat(together).as("round %d", round).isEqualTo(alone);
                awaitIdle(context);
                if (round == 1) {
                    threadsAfterFirstRound = platformThreads();
                    descriptorsAfterFirstRound = openFileDescriptors();
                }
            }
            assertThat(platformThreads()).as("platform threads").isSubsetOf(threadsAfterFirstRound);
            assertThat(openFileDescriptors()).as("open file descriptors")
                .isLessThanOrEqualTo(descriptorsAfterFirstRound);
        });
    }

    @Test
    void aRequestBeyondTheAdmissionLimitFailsAtOnceWithARetryableError() {
        this.contextRunner.withPropertyValues("spring.ai.nemotron.max-concurrent-sequences=1",
                "spring.ai.nemotron.max-queued-requests=0", "spring.ai.nemotron.admission-timeout=0s")
            .run(context -> {
                NemotronChatModel chatModel = context.getBean(NemotronChatModel.class);
                CountDownLatch admitted = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                // The first chunk is delivered on the generation thread, so holding it keeps the only sequence
                // busy for as long as the test needs.
                Prompt held = new Prompt("Hello", seeded(1).maxTokens(4000).build());
                Disposable holder = chatModel.stream(held).subscribe(chunk -> {
                    admitted.countDown();
                    awaitQuietly(release);
                });
                try {
                    assertThat(admitted.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
                    ChatClient chatClient = context.getBean(ChatClient.Builder.class).build();
                    assertThatExceptionOfType(NemotronBusyException.class)
                        .isThrownBy(() -> chatClient.prompt().user("Hello").options(seeded(2)).call().content())
                        .isInstanceOf(TransientAiException.class)
                        .satisfies(busy -> assertThat(busy.getMaxConcurrentSequences()).isEqualTo(1));
                }
                finally {
                    release.countDown();
                    holder.dispose();
                }
                awaitIdle(context);
            });
    }

    @Test
    void aPromptLongerThanTheContextFailsAsANonTransientErrorWithBothTokenCounts() {
        this.contextRunner.withPropertyValues("spring.ai.nemotron.context-length=32").run(context -> {
            ChatClient chatClient = context.getBean(ChatClient.Builder.class).build();
            assertThatExceptionOfType(NemotronPromptTooLongException.class)
                .isThrownBy(() -> chatClient.prompt().user("word ".repeat(100)).call().content())
                .isInstanceOf(NonTransientAiException.class)
                .satisfies(tooLong -> {
                    assertThat(tooLong.getContextLength()).isEqualTo(32);
                    assertThat(tooLong.getPromptTokens()).isGreaterThan(32);
                    assertThat(tooLong).hasMessageContaining(tooLong.getPromptTokens() + " tokens")
                        .hasMessageContaining("the context holds 32");
                });
            awaitIdle(context);
        });
    }

    @Test
    void closingTheEngineEndsARunningStreamWithAnError() {
        this.contextRunner.withPropertyValues("spring.ai.nemotron.chat.max-tokens=4000").run(context -> {
            ChatClient chatClient = context.getBean(ChatClient.Builder.class).build();
            NemotronChatModel chatModel = context.getBean(NemotronChatModel.class);
            CountDownLatch admitted = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch ended = new CountDownLatch(1);
            chatModel.stream(new Prompt("Tell me a long story", seeded(5).maxTokens(4000).build()))
                .doFinally(signal -> ended.countDown())
                .subscribe(chunk -> {
                    admitted.countDown();
                    awaitQuietly(release);
                }, failure::set);
            assertThat(admitted.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();

            Thread closing = Thread.ofPlatform().start(() -> context.getBean(ChatEngine.class).close());
            release.countDown();

            assertThat(ended.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
            closing.join(BOUND.toMillis());
            assertThat(closing.isAlive()).isFalse();
            assertThat(failure.get()).isInstanceOf(EngineClosedException.class);
            assertThatExceptionOfType(EngineClosedException.class)
                .isThrownBy(() -> chatClient.prompt().user("Hello").call().content());
        });
    }

    @Test
    void aDisposedStreamReleasesItsSequence() {
        this.contextRunner.withPropertyValues("spring.ai.nemotron.chat.max-tokens=4000").run(context -> {
            ChatClient chatClient = context.getBean(ChatClient.Builder.class).build();
            CountDownLatch firstChunk = new CountDownLatch(1);
            Disposable subscription = chatClient.prompt().user("Tell me a long story").options(seeded(3)).stream()
                .chatResponse()
                .subscribe(chunk -> firstChunk.countDown());
            assertThat(firstChunk.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();

            subscription.dispose();

            awaitIdle(context);
            assertThat(chatClient.prompt().user("Hello").options(seeded(4)).call().content()).isNotNull();
        });
    }

    @Test
    void theSecondTurnReusesTheFirstTurnsPrefixAndAnswersAsAFreshApplicationDoes() {
        SystemMessage system = new SystemMessage("You are a helpful assistant. Answer in one short sentence.");
        UserMessage first = new UserMessage("What is the capital of France?");
        UserMessage second = new UserMessage("And of Italy?");
        ChatResponse[] turns = new ChatResponse[2];
        this.contextRunner.run(context -> {
            ChatClient chatClient = context.getBean(ChatClient.Builder.class).build();
            turns[0] = call(chatClient, List.of(system, first));
            AssistantMessage answer = turns[0].getResult().getOutput();
            turns[1] = call(chatClient, List.of(system, first, answer, second));
        });
        ChatResponse[] fresh = new ChatResponse[1];
        this.contextRunner.run(context -> {
            ChatClient chatClient = context.getBean(ChatClient.Builder.class).build();
            fresh[0] = call(chatClient, List.of(system, first, turns[0].getResult().getOutput(), second));
        });

        Long cacheReads = turns[1].getMetadata().getUsage().getCacheReadInputTokens();
        assertThat(cachedPromptTokens(turns[1])).isPositive().isEqualTo(Objects.requireNonNull(cacheReads).intValue());
        assertThat(cachedPromptTokens(fresh[0])).isZero();
        assertThat(turns[1].getMetadata().getUsage().getPromptTokens())
            .isEqualTo(fresh[0].getMetadata().getUsage().getPromptTokens());
        assertThat(turns[1].getResult().getOutput().getText()).isEqualTo(fresh[0].getResult().getOutput().getText());
        assertThat(turns[1].getResult().getOutput().getMetadata().get(NemotronChatModel.REASONING_CONTENT))
            .isEqualTo(fresh[0].getResult().getOutput().getMetadata().get(NemotronChatModel.REASONING_CONTENT));
    }

    @Test
    void healthReportsWhatTheEngineServes() {
        this.contextRunner.withConfiguration(AutoConfigurations.of(NemotronHealthAutoConfiguration.class))
            .run(context -> {
                ChatClient chatClient = context.getBean(ChatClient.Builder.class).build();
                chatClient.prompt().system("Be brief.").user("Hello").options(seeded(8)).call().content();

                Health health = context.getBean("nemotronHealthIndicator", HealthIndicator.class).health();

                assertThat(health.getDetails().get("serving")).isInstanceOfSatisfying(ServingStats.class, stats -> {
                    assertThat(stats.openSequences()).isZero();
                    assertThat(stats.snapshots()).isPositive();
                    assertThat(stats.snapshotBytes()).isPositive();
                });
            });
    }

    /** The whole streamed output of request {@code i}: its reasoning and its answer. */
    private static Flux<String> streamed(ChatClient chatClient, int i) {
        return chatClient.prompt().user("Question number " + i + ": what comes next?").options(seeded(100 + i))
            .stream()
            .chatResponse()
            .reduce(new StringBuilder(), (text, chunk) -> text.append(chunk.getResult().getOutput().getText())
                .append('|')
                .append(chunk.getResult().getOutput().getMetadata().get(NemotronChatModel.REASONING_CONTENT)))
            .map(StringBuilder::toString)
            .flux();
    }

    private static ChatResponse call(ChatClient chatClient, List<Message> messages) {
        return Objects.requireNonNull(chatClient.prompt().messages(messages).options(seeded(7)).call()
            .chatResponse());
    }

    private static NemotronChatOptions.Builder seeded(long seed) {
        return NemotronChatOptions.builder().seed(seed);
    }

    private static int cachedPromptTokens(ChatResponse response) {
        Integer cached = response.getMetadata().get(NemotronChatModel.CACHED_PROMPT_TOKENS);
        return Objects.requireNonNull(cached);
    }

    /** Waits, bounded, until the engine runs and holds nothing: every sequence freed. */
    private static void awaitIdle(AssertableApplicationContext context) {
        NemotronChatEngine engine = (NemotronChatEngine) context.getBean(ChatEngine.class);
        // Polled on this thread: a polling thread of its own would be counted by the leak check.
        await().pollInSameThread().atMost(BOUND).untilAsserted(() -> {
            ServingStats stats = engine.servingStats();
            assertThat(stats.activeSequences()).isZero();
            assertThat(stats.queuedRequests()).isZero();
            assertThat(stats.openSequences()).isZero();
            assertThat(stats.sequenceBytes()).isZero();
        });
    }

    // Carrier threads of virtual threads come and go with the scheduler's load; they are not ours to count.
    private static Set<String> platformThreads() {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> !thread.getClass().getName().equals("jdk.internal.misc.CarrierThread"))
            .filter(Thread::isAlive)
            .map(thread -> thread.getName() + "#" + thread.threadId())
            .collect(Collectors.toSet());
    }

    private static long openFileDescriptors() throws IOException {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.count();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(BOUND.toSeconds(), TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path goldenModel(String name) {
        String shared = Objects.requireNonNull(System.getProperty("nemotron.shared"),
                "the build passes -Dnemotron.shared=../shared");
        return Path.of(shared, "golden", "models", name + ".gguf");
    }
}
