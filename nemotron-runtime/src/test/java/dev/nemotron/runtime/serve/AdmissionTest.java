package dev.nemotron.runtime.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/** The bound on concurrent sequences, its queue and timeout, and closing. No test depends on timing. */
class AdmissionTest {

    /** Runs {@code call} on a thread of its own: the common pool may have a single worker, held by a blocked call. */
    private static <T> CompletableFuture<T> onNewThread(Supplier<T> call) {
        return CompletableFuture.supplyAsync(call, task -> Thread.ofPlatform().daemon().start(task));
    }

    private static ServingOptions options(int sequences, int queued, Duration timeout) {
        return ServingOptions.defaults().withMaxConcurrentSequences(sequences).withMaxQueuedRequests(queued)
                .withAdmissionTimeout(timeout);
    }

    /** Spins until {@code admission} has {@code waiting} requests waiting (no timing involved). */
    private static void awaitWaiting(Admission admission, int waiting) {
        while (admission.waiting() != waiting) {
            Thread.onSpinWait();
        }
    }

    @Test
    void upToTheLimitRequestsAreAdmittedAtOnceAndReturningAPermitLetsTheNextIn() {
        Admission admission = new Admission(options(2, 0, Duration.ZERO));

        Admission.Permit first = admission.acquire();
        Admission.Permit second = admission.acquire();
        first.close();
        first.close();
        Admission.Permit third = admission.acquire();

        assertThat(admission.active()).isEqualTo(2);
        second.close();
        third.close();
        assertThat(admission.active()).isZero();
    }

    @Test
    void pastTheLimitWithAFullQueueARequestFailsAtOnceWithTheRetryableError() {
        Admission admission = new Admission(options(1, 0, Duration.ofMinutes(5)));
        admission.acquire();

        assertThatThrownBy(admission::acquire).isInstanceOfSatisfying(EngineBusyException.class, e -> {
            assertThat(e.retryable()).isTrue();
            assertThat(e.maxConcurrentSequences()).isEqualTo(1);
            assertThat(e.admissionTimeout()).isEqualTo(Duration.ofMinutes(5));
        }).hasMessage("all 1 sequences are busy and 0 requests wait already (max-queued-requests); nothing was "
                + "computed, retry later (max-concurrent-sequences = 1, admission-timeout = PT5M)");
    }

    @Test
    void aWaitThatTimesOutFailsWithTheRetryableErrorNamingTheTimeout() {
        Admission admission = new Admission(options(1, 4, Duration.ZERO));
        admission.acquire();

        assertThatThrownBy(admission::acquire).isInstanceOf(EngineBusyException.class)
                .hasMessage("all 1 sequences stayed busy for the admission timeout of PT0S; nothing was computed, "
                        + "retry later (max-concurrent-sequences = 1, admission-timeout = PT0S)");
        assertThat(admission.waiting()).isZero();
    }

    @Test
    void aWaitingRequestIsAdmittedWhenASequenceIsReturned() throws Exception {
        Admission admission = new Admission(options(1, 1, Duration.ofMinutes(5)));
        Admission.Permit running = admission.acquire();

        CompletableFuture<Admission.Permit> waiting = onNewThread(admission::acquire);
        awaitWaiting(admission, 1);
        running.close();

        waiting.get().close();
        assertThat(admission.active()).isZero();
    }

    @Test
    void closingRejectsNewAndWaitingRequestsAndAwaitIdleWaitsForTheRunningOnes() throws Exception {
        Admission admission = new Admission(options(1, 1, Duration.ofMinutes(5)));
        Admission.Permit running = admission.acquire();
        Future<Admission.Permit> waiting = onNewThread(admission::acquire);
        awaitWaiting(admission, 1);

        admission.close();

        assertThatThrownBy(waiting::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(EngineClosedException.class);
        assertThatThrownBy(admission::acquire).isInstanceOf(EngineClosedException.class)
                .hasMessage("the chat engine is closed");
        assertThatThrownBy(admission::awaitIdle).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the engine cannot be closed from inside one of its own calls");
        CompletableFuture<Void> idle = onNewThread(() -> {
            admission.awaitIdle();
            return null;
        });
        running.close();
        idle.get();
        assertThat(admission.active()).isZero();
    }

    @Test
    void optionsOutOfRangeAreRejectedNamingTheOption() {
        assertThatThrownBy(() -> options(0, 0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxConcurrentSequences must be at least 1, got 0");
        assertThatThrownBy(() -> options(1, -1, Duration.ZERO)).hasMessage(
                "maxQueuedRequests must not be negative, got -1");
        assertThatThrownBy(() -> options(1, 0, Duration.ofSeconds(-1))).hasMessage(
                "admissionTimeout must not be negative, got PT-1S");
        assertThatThrownBy(() -> ServingOptions.defaults().withPrefixCacheBytes(-1)).hasMessage(
                "prefixCacheBytes must not be negative, got -1");
    }
}
