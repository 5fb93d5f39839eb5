package dev.nemotron.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

import com.sun.management.ThreadMXBean;

import dev.nemotron.runtime.kv.KvCache;
import dev.nemotron.runtime.testing.SharedData;

/**
 * The decode loop reuses its buffers: a step allocates (almost) nothing on the calling thread. (F32 weights, whose
 * kernel allocates nothing itself; what the Vector API boxes in the quantized kernels is not the loop's doing.)
 */
class DecodeAllocationTest {

    @Test
    void decodeStepsAllocateNoBuffers() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (NemotronModel m = NemotronModel.load(SharedData.goldenModel("tiny-f32"),
                LoadOptions.defaults().withThreads(2).withContextLength(16384))) {
            SequenceState sequence = m.newSequence();
            float[] logits = new float[m.vocabSize()];
            int[] token = {1};
            // Long enough for the JIT to compile the loop (interpreted code allocates where compiled code does
            // not); the measured steps then stay inside one KV cache page, which is allocated per 256 positions.
            for (int i = 0; i < 6 * KvCache.DEFAULT_PAGE_POSITIONS + 1; i++) {
                m.forward(sequence, token, 0, 1, logits, false);
            }
            // On a loaded machine the JIT may compile late: the least a round of steps allocates is the loop's own.
            int steps = 100;
            long perStep = Long.MAX_VALUE;
            for (int round = 0; round < 100 && perStep >= 64; round++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < steps; i++) {
                    token[0] = (i * 31) % m.vocabSize();
                    m.forward(sequence, token, 0, 1, logits, false);
                }
                perStep = Math.min(perStep, (threads.getCurrentThreadAllocatedBytes() - before) / steps);
            }
            System.out.println("bytes allocated per decode step: " + perStep);
            assertThat(perStep).isLessThan(64);
        }
    }
}
