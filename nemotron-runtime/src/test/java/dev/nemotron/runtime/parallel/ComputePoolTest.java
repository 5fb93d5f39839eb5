package dev.nemotron.runtime.parallel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

class ComputePoolTest {

    @Test
    void everyIndexIsRunExactlyOnceAcrossRepeatedRuns() {
        try (ComputePool pool = new ComputePool(3)) {
            for (int n : new int[] {1, 2, 7, 100, 1001}) {
                AtomicIntegerArray seen = new AtomicIntegerArray(n);
                pool.run(n, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        seen.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < n; i++) {
                    assertThat(seen.get(i)).as("index %d of %d", i, n).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void aFailingTaskFailsTheRunAndThePoolKeepsWorking() {
        try (ComputePool pool = new ComputePool(2)) {
            assertThatThrownBy(() -> pool.run(10, (from, to) -> {
                throw new IllegalStateException("boom");
            })).hasMessage("boom");
            int[] sum = new int[1];
            pool.run(1, (from, to) -> sum[0] = to - from);
            assertThat(sum[0]).isEqualTo(1);
        }
    }

    @Test
    void workersAreDaemonThreadsOfTheEngine() throws Exception {
        try (ComputePool pool = new ComputePool(2)) {
            Thread[] worker = new Thread[1];
            pool.run(64, (from, to) -> {
                if (!Thread.currentThread().getName().equals("main")) {
                    worker[0] = Thread.currentThread();
                }
            });
            if (worker[0] != null) {
                assertThat(worker[0].isDaemon()).isTrue();
                assertThat(worker[0].getName()).startsWith("nemotron-compute-");
            }
            assertThat(pool.threads()).isEqualTo(2);
        }
    }
}
