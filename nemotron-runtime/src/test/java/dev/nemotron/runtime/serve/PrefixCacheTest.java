package dev.nemotron.runtime.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.nemotron.runtime.model.LoadOptions;
import dev.nemotron.runtime.model.NemotronModel;
import dev.nemotron.runtime.model.SequenceState;
import dev.nemotron.runtime.testing.SharedData;

/**
 * Which snapshot a prompt resumes from (the longest whose every token matches, never a cut-down one: Mamba
 * state cannot be rewound), the byte budget and least-recently-used eviction, and that the logits after a
 * restore are those of a fresh run, bit for bit on the F32 golden model.
 */
class PrefixCacheTest {

    private static final int[] PROMPT = IntStream.range(0, 30).map(i -> 2 + (i * 11) % 200).toArray();

    private static NemotronModel model;

    @BeforeAll
    static void load() {
        model = NemotronModel.load(SharedData.goldenModel("tiny-f32"), LoadOptions.defaults().withThreads(2)
                .withKvCodec("f16"));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** A sequence holding {@code tokens[0, length)}. */
    private static SequenceState fed(int[] tokens, int length) {
        SequenceState sequence = model.newSequence();
        model.forward(sequence, tokens, 0, length);
        return sequence;
    }

    private static long sizeOf(int length) {
        try (SequenceState sequence = fed(PROMPT, length)) {
            return sequence.bytes() + (long) Integer.BYTES * length;
        }
    }

    private static void save(PrefixCache cache, int[] tokens, int length) {
        try (SequenceState sequence = fed(tokens, length)) {
            cache.save(tokens, length, sequence);
        }
    }

    @Test
    void thePromptResumesFromTheLongestSnapshotItBeginsWith() {
        try (PrefixCache cache = new PrefixCache(1L << 30)) {
            save(cache, PROMPT, 8);
            save(cache, PROMPT, 20);
            int[] diverging = PROMPT.clone();
            diverging[12] = 3;
            save(cache, diverging, 25);

            PrefixCache.Restored restored = cache.restore(PROMPT);

            assertThat(restored.tokens()).isEqualTo(20);
            assertThat(restored.sequence().position()).isEqualTo(20);
            assertThat(cache.restore(diverging).tokens()).isEqualTo(25);
        }
    }

    @Test
    void aSnapshotIsNeverCutDownAndAlwaysLeavesATokenToCompute() {
        try (PrefixCache cache = new PrefixCache(1L << 30)) {
            save(cache, PROMPT, 20);
            int[] divergingInside = PROMPT.clone();
            divergingInside[19] = 3;

            assertThat(cache.restore(divergingInside)).isNull();
            assertThat(cache.restore(Arrays.copyOf(PROMPT, 20))).isNull();
            assertThat(cache.restore(Arrays.copyOf(PROMPT, 21)).tokens()).isEqualTo(20);
        }
    }

    @Test
    void theLogitsAfterARestoreAreThoseOfAFreshRunBitForBit() {
        float[] fresh = new float[model.vocabSize() * (PROMPT.length - 12)];
        try (SequenceState sequence = model.newSequence()) {
            model.forward(sequence, PROMPT, 0, 12);
            model.forward(sequence, PROMPT, 12, PROMPT.length - 12, fresh, true);
        }
        float[] fromScratchInOneBatch = new float[model.vocabSize() * PROMPT.length];
        try (SequenceState sequence = model.newSequence()) {
            model.forward(sequence, PROMPT, 0, PROMPT.length, fromScratchInOneBatch, true);
        }
        float[] resumed = new float[fresh.length];
        try (PrefixCache cache = new PrefixCache(1L << 30)) {
            save(cache, PROMPT, 12);
            try (SequenceState sequence = cache.restore(PROMPT).sequence()) {
                model.forward(sequence, PROMPT, 12, PROMPT.length - 12, resumed, true);
            }
        }

        assertThat(bits(resumed)).isEqualTo(bits(fresh));
        assertThat(bits(resumed)).isEqualTo(bits(Arrays.copyOfRange(fromScratchInOneBatch,
                12 * model.vocabSize(), fromScratchInOneBatch.length)));
    }

    private static int[] bits(float[] values) {
        return IntStream.range(0, values.length).map(i -> Float.floatToRawIntBits(values[i])).toArray();
    }

    @Test
    void snapshotsStayWithinTheBudgetEvictingTheLeastRecentlyUsed() {
        long each = sizeOf(10);
        try (PrefixCache cache = new PrefixCache(2 * each + each / 2)) {
            int[] a = PROMPT.clone();
            int[] b = PROMPT.clone();
            int[] c = PROMPT.clone();
            b[0] = 7;
            c[0] = 9;
            save(cache, a, 10);
            save(cache, b, 10);
            assertThat(cache.restore(a)).isNotNull();
            save(cache, c, 10);

            assertThat(cache.size()).isEqualTo(2);
            assertThat(cache.bytes()).isEqualTo(2 * each);
            assertThat(cache.restore(b)).isNull();
            assertThat(cache.restore(a)).isNotNull();
            assertThat(cache.restore(c)).isNotNull();
        }
    }

    @Test
    void aSnapshotLargerThanTheBudgetIsNotKeptAndABudgetOfZeroKeepsNone() {
        try (PrefixCache small = new PrefixCache(sizeOf(10) - 1); PrefixCache none = new PrefixCache(0)) {
            save(small, PROMPT, 10);
            save(none, PROMPT, 10);

            assertThat(small.size()).isZero();
            assertThat(none.size()).isZero();
            assertThat(small.restore(PROMPT)).isNull();
        }
    }

    @Test
    void theSamePrefixIsKeptOnceAndClosingFreesEverySnapshot() {
        PrefixCache cache = new PrefixCache(1L << 30);
        save(cache, PROMPT, 10);
        save(cache, PROMPT, 10);
        assertThat(cache.size()).isOne();

        cache.close();

        assertThat(cache.size()).isZero();
        assertThat(cache.bytes()).isZero();
    }

    @Test
    void aSequenceIsKeptOnlyAtTheLengthItHolds() {
        try (PrefixCache cache = new PrefixCache(1L << 30); SequenceState sequence = fed(PROMPT, 10)) {
            assertThatThrownBy(() -> cache.save(PROMPT, 9, sequence)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a sequence at position 10 cannot be kept as a prefix of 9 tokens");
        }
    }
}
