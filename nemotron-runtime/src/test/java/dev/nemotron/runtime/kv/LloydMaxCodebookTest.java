package dev.nemotron.runtime.kv;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Lloyd–Max codebooks against the exact-Beta values of kv-codecs.md §1.4 and §7.2 (independent NumPy solver). */
class LloydMaxCodebookTest {

    private static void assertPositiveHalf(int bits, double... expectedTimesSqrtDim) {
        float[] c = LloydMaxCodebook.of(bits, 128).centroids();
        int half = c.length / 2;
        for (int i = 0; i < half; i++) {
            assertThat(c[half + i] * Math.sqrt(128)).as("level %d of %d bits", i, bits)
                    .isCloseTo(expectedTimesSqrtDim[i], within(3e-4));
        }
    }

    @Test
    void centroidsMatchTheExactBetaSolutionAtDimension128() {
        assertPositiveHalf(2, 0.45245, 1.50519);
        assertPositiveHalf(3, 0.24442, 0.75333, 1.33660, 2.13147);
        assertPositiveHalf(4, 0.12787, 0.38638, 0.65362, 0.93710, 1.24777, 1.60434, 2.04593, 2.68886);
    }

    @Test
    void unitVectorDistortionMatchesTheReferenceFromDimension32To256() {
        double[][] expected = {
                {32, 0.3534, 0.1116, 0.0323, 0.00877},
                {64, 0.35839, 0.11453, 0.03339, 0.00913},
                {96, 0.3601, 0.1155, 0.0338, 0.00925},
                {128, 0.36089, 0.11600, 0.03397, 0.00931},
                {256, 0.36214, 0.11674, 0.03426, 0.00941}};
        for (double[] row : expected) {
            int dim = (int) row[0];
            for (int bits = 1; bits <= 4; bits++) {
                double mse = dim * LloydMaxCodebook.of(bits, dim).distortion();
                assertThat(mse).as("%d bits, dimension %d", bits, dim).isCloseTo(row[bits], within(row[bits] * 0.004));
            }
        }
    }

    @Test
    void codebookIsSymmetricWithZeroAsTheMiddleThreshold() {
        for (int bits = 1; bits <= 4; bits++) {
            LloydMaxCodebook codebook = LloydMaxCodebook.of(bits, 128);
            float[] c = codebook.centroids();
            float[] t = codebook.thresholds();
            for (int i = 0; i < c.length; i++) {
                assertThat(c[i]).isCloseTo(-c[c.length - 1 - i], within(1e-6f));
            }
            for (int i = 1; i < t.length; i++) {
                assertThat(t[i]).isGreaterThan(t[i - 1]);
            }
            assertThat(t[t.length / 2]).isCloseTo(0f, within(1e-6f));
        }
    }

    @Test
    void oneBitCentroidIsTheMeanAbsoluteCoordinate() {
        // E|t| for the coordinate law of S^127 is Γ(64)/(√π Γ(63.5)) ≈ √(2/π)/√128 · (1 + O(1/d))
        float c = LloydMaxCodebook.of(1, 128).centroids()[1];

        assertThat(c * Math.sqrt(128)).isCloseTo(Math.sqrt(2 / Math.PI), within(0.004));
    }

    @Test
    void quantizeReturnsTheNearestLevel() {
        LloydMaxCodebook codebook = LloydMaxCodebook.of(3, 128);
        float[] c = codebook.centroids();
        for (float t = -0.4f; t <= 0.4f; t += 0.001f) {
            int nearest = 0;
            for (int i = 1; i < c.length; i++) {
                if (Math.abs(t - c[i]) < Math.abs(t - c[nearest])) {
                    nearest = i;
                }
            }
            assertThat(codebook.quantize(t)).isEqualTo(nearest);
        }
    }
}
