package dev.nemotron.runtime.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PenaltyWindowTest {

    @Test
    void repetitionPenaltyDividesPositiveAndMultipliesNegativeLogitsOncePerToken() {
        PenaltyWindow window = new PenaltyWindow(8, 4);
        window.accept(0);
        window.accept(1);
        window.accept(1);
        float[] logits = {2f, -1f, 3f, 0f};

        window.apply(logits, 2f, 0f, 0f);

        assertThat(logits).containsExactly(1f, -2f, 3f, 0f);
    }

    @Test
    void frequencyPenaltyCountsOccurrencesAndPresencePenaltyCountsOnce() {
        PenaltyWindow window = new PenaltyWindow(8, 3);
        window.accept(0);
        window.accept(1);
        window.accept(1);
        float[] logits = {2f, -1f, 3f};

        window.apply(logits, 1f, 0.5f, 0.25f);

        assertThat(logits).containsExactly(1.25f, -2.25f, 3f);
    }

    @Test
    void onlyTheLastNTokensCount() {
        PenaltyWindow window = new PenaltyWindow(2, 3);
        window.accept(0);
        window.accept(1);
        window.accept(2);
        float[] logits = {1f, 1f, 1f};

        window.apply(logits, 2f, 0f, 0f);

        assertThat(window.count(0)).isZero();
        assertThat(logits).containsExactly(1f, 0.5f, 0.5f);
    }
}
