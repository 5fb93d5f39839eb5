package dev.nemotron.runtime.sampling;

import static dev.nemotron.runtime.sampling.Distributions.logitsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Each sampler stage on hand-made distributions, against llama.cpp's definitions. */
class CandidatesTest {

    private static Candidates load(float... logits) {
        Candidates candidates = new Candidates(logits.length);
        candidates.load(logits);
        return candidates;
    }

    private static int[] ids(Candidates candidates) {
        return Arrays.copyOf(candidates.ids, candidates.size());
    }

    @Test
    void topKKeepsTheKHighestLogitsSortedWithTiesToTheLowerId() {
        Candidates candidates = load(0.5f, 3f, -1f, 3f, 2f, 7f, -4f);

        candidates.topK(3);

        assertThat(ids(candidates)).containsExactly(5, 1, 3);
        assertThat(Arrays.copyOf(candidates.logits, 3)).containsExactly(7f, 3f, 3f);
    }

    @Test
    void topKOfZeroOrMoreThanTheVocabularyKeepsEverything() {
        Candidates candidates = load(1f, 2f, 3f);

        candidates.topK(0);
        candidates.topK(5);

        assertThat(candidates.size()).isEqualTo(3);
    }

    @Test
    void sortingKeepsNegativeInfinityAndNegativeLogitsInOrder() {
        Candidates candidates = load(-0.5f, Float.NEGATIVE_INFINITY, -3f, 0f, -0f, 2f);

        candidates.sort();

        assertThat(ids(candidates)).containsExactly(5, 3, 4, 0, 2, 1);
    }

    @Test
    void topPKeepsTheSmallestPrefixReachingTheMass() {
        Candidates reaching = load(logitsOf(0.2, 0.5, 0.3));
        Candidates exactly = load(logitsOf(0.2, 0.5, 0.3));

        reaching.topP(0.75, 1);
        exactly.topP(0.5, 1);

        assertThat(ids(reaching)).containsExactly(1, 2);
        assertThat(ids(exactly)).containsExactly(1);
    }

    @Test
    void topPOverALargeVocabularyKeepsTheSameNucleusAsAFullSort() {
        SplittableRandom random = new SplittableRandom(11);
        float[] logits = new float[50_000];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (random.nextGaussian() * 2.5);
        }
        Candidates selected = load(logits);
        Candidates sorted = load(logits);
        sorted.sort();

        selected.topP(0.9, 1);
        sorted.topP(0.9, 1);

        assertThat(selected.size()).isGreaterThan(64);
        assertThat(ids(selected)).containsExactly(ids(sorted));
    }

    @Test
    void minPDropsTokensBelowTheFractionOfTheTopProbabilityAndKeepsOrder() {
        Candidates candidates = load(logitsOf(0.3, 0.1, 0.5, 0.1));

        candidates.minP(0.5, 1);

        assertThat(ids(candidates)).containsExactly(0, 2);
    }

    @Test
    void temperatureDividesLogitsAndZeroKeepsOnlyTheBest() {
        Candidates scaled = load(1f, -2f, 4f);
        Candidates greedy = load(1f, 4f, 4f);

        scaled.temperature(0.5);
        greedy.temperature(0);

        assertThat(Arrays.copyOf(scaled.logits, 3)).containsExactly(2f, -4f, 8f);
        assertThat(ids(greedy)).containsExactly(1);
    }
}
