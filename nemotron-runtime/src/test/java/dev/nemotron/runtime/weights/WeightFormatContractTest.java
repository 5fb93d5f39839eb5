package dev.nemotron.runtime.weights;

import static dev.nemotron.runtime.weights.FormatFixtures.absDot;
import static dev.nemotron.runtime.weights.FormatFixtures.activationValues;
import static dev.nemotron.runtime.weights.FormatFixtures.decode;
import static dev.nemotron.runtime.weights.FormatFixtures.encode;
import static dev.nemotron.runtime.weights.FormatFixtures.exactDot;
import static dev.nemotron.runtime.weights.FormatFixtures.gaussianRow;
import static dev.nemotron.runtime.weights.FormatFixtures.relativeRmsError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.lang.foreign.MemorySegment;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every weight format promises: its quantizer's error is what its bit width allows, the vector kernel
 * equals the scalar reference up to float summation order, and the reference equals the exact product of the
 * dequantized weights with the rounded activations.
 */
class WeightFormatContractTest {

    /**
     * Relative RMS error of quantize→dequantize on Gaussian rows with outliers (1 in 64 values six times larger,
     * which sets the scale of its block). The bounds are what the grid allows with some margin: for Q8_0 a step
     * of amax/127; for the 4-bit formats about a 16th of a block's range; K-quants share 6-bit sub-block scales.
     */
    static Stream<Arguments> formats() {
        return Stream.of(
                Arguments.of(GgmlType.F32, 1e-9),
                Arguments.of(GgmlType.F16, 0.0005),
                Arguments.of(GgmlType.BF16, 0.004),
                Arguments.of(GgmlType.Q8_0, 0.012),
                Arguments.of(GgmlType.Q4_0, 0.18),
                Arguments.of(GgmlType.Q4_1, 0.13),
                Arguments.of(GgmlType.Q5_0, 0.09),
                Arguments.of(GgmlType.Q5_1, 0.07),
                Arguments.of(GgmlType.IQ4_NL, 0.14),
                Arguments.of(GgmlType.MXFP4, 0.19),
                Arguments.of(GgmlType.Q2_K, 0.35),
                Arguments.of(GgmlType.Q3_K, 0.23),
                Arguments.of(GgmlType.Q4_K, 0.115),
                Arguments.of(GgmlType.Q5_K, 0.065),
                Arguments.of(GgmlType.Q6_K, 0.033),
                Arguments.of(GgmlType.IQ4_XS, 0.135));
    }

    private static final int COLUMNS = 1024;

    @ParameterizedTest
    @MethodSource("formats")
    void quantizeThenDequantizeStaysWithinTheFormatsErrorBound(GgmlType type, double bound) {
        WeightFormat format = WeightFormats.of(type);
        Random random = new Random(11);
        for (int trial = 0; trial < 8; trial++) {
            float[] row = gaussianRow(random, COLUMNS, 0.02f + trial);
            float[] back = decode(format, encode(format, row), COLUMNS);
            assertThat(relativeRmsError(row, back)).as("%s trial %d", type, trial).isLessThan(bound);
        }
    }

    @ParameterizedTest
    @MethodSource("formats")
    void vectorDotEqualsTheReferenceUpToSummationOrder(GgmlType type, double ignored) {
        WeightFormat format = WeightFormats.of(type);
        Random random = new Random(12);
        Activations x = new Activations(format.activationType(), COLUMNS);
        for (int trial = 0; trial < 16; trial++) {
            float[] row = gaussianRow(random, COLUMNS, 0.05f);
            MemorySegment data = encode(format, row);
            x.load(gaussianRow(random, 3 * COLUMNS, 1), 0, COLUMNS, 3);
            for (int v = 0; v < 3; v++) {
                float reference = format.dotReference(data, 0, x, v, COLUMNS);
                double noise = 1e-6 * absDot(decode(format, data, COLUMNS), activationValues(x, v));
                assertThat(format.dot(data, 0, x, v, COLUMNS)).as("%s trial %d", type, trial)
                        .isCloseTo(reference, within((float) noise));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("formats")
    void referenceDotIsTheProductOfDequantizedWeightsAndRoundedActivations(GgmlType type, double ignored) {
        WeightFormat format = WeightFormats.of(type);
        Random random = new Random(13);
        Activations x = new Activations(format.activationType(), COLUMNS);
        for (int trial = 0; trial < 16; trial++) {
            MemorySegment data = encode(format, gaussianRow(random, COLUMNS, 0.05f));
            float[] weights = decode(format, data, COLUMNS);
            x.load(gaussianRow(random, COLUMNS, 1), 0);
            float[] activations = activationValues(x, 0);
            double noise = 1e-6 * absDot(weights, activations) + blockSumRounding(x, weights);
            assertThat((double) format.dotReference(data, 0, x, 0, COLUMNS)).as("%s trial %d", type, trial)
                    .isCloseTo(exactDot(weights, activations), within(noise));
        }
    }

    @ParameterizedTest
    @MethodSource("formats")
    void dotOfARowInsideALargerSegmentReadsOnlyThatRow(GgmlType type, double ignored) {
        WeightFormat format = WeightFormats.of(type);
        Random random = new Random(14);
        float[] rows = gaussianRow(random, 3 * COLUMNS, 0.05f);
        MemorySegment data = encode(format, rows);
        float[] second = java.util.Arrays.copyOfRange(rows, COLUMNS, 2 * COLUMNS);
        Activations x = new Activations(format.activationType(), COLUMNS).load(gaussianRow(random, COLUMNS, 1), 0);
        long offset = format.rowBytes(COLUMNS);
        assertThat(format.dot(data, offset, x, 0, COLUMNS))
                .isEqualTo(format.dot(encode(format, second), 0, x, 0, COLUMNS));
        assertThat(format.dotReference(data, offset, x, 0, COLUMNS))
                .isEqualTo(format.dotReference(encode(format, second), 0, x, 0, COLUMNS));
    }

    /**
     * Q8_1 carries {@code s = fp16(d·Σq)} for the weights' minimum term, so the reference may differ from the
     * exact product by half an fp16 ulp of each block sum times the block's minimum (bounded by max |w|).
     */
    private static double blockSumRounding(Activations x, float[] weights) {
        if (x.type() != ActivationType.Q8_1) {
            return 0;
        }
        double maxWeight = 0;
        for (float w : weights) {
            maxWeight = Math.max(maxWeight, Math.abs(w));
        }
        double allowance = 0;
        for (int b = 0; b < x.blocks(); b++) {
            allowance += Math.abs(x.blockSums()[b]) * 0x1p-11 * maxWeight;
        }
        return allowance;
    }
}
