package dev.nemotron.runtime.sampling;

import static dev.nemotron.runtime.sampling.Distributions.logitsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.nemotron.runtime.generate.GenerationOptions;

/**
 * The whole chain. Frequencies come from 40,000 draws with a fixed seed; the tolerance 0.01 is more than four
 * standard deviations of a frequency near 0.5 at that count, and the seed makes the outcome fixed.
 */
class SamplerTest {

    private static final int DRAWS = 40_000;

    private static SamplerSettings plain(double temperature, int topK, double topP, double minP) {
        return new SamplerSettings(temperature, topK, topP, minP, 1.0, 0.0, 0.0, 0, 1234L);
    }

    private static double[] frequencies(Sampler sampler, float[] logits) {
        double[] counts = new double[logits.length];
        for (int i = 0; i < DRAWS; i++) {
            counts[sampler.sample(logits)]++;
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] /= DRAWS;
        }
        return counts;
    }

    @Test
    void drawsTokensWithTheirSoftmaxProbabilityAtTemperatureOne() {
        double[] f = frequencies(new Sampler(3, plain(1.0, 0, 1.0, 0.0)), logitsOf(0.6, 0.3, 0.1));

        assertThat(f[0]).isCloseTo(0.6, within(0.01));
        assertThat(f[1]).isCloseTo(0.3, within(0.01));
        assertThat(f[2]).isCloseTo(0.1, within(0.01));
    }

    @Test
    void temperatureSharpensTheDistribution() {
        // At T = 0.5 probabilities become p² / Σp²: 0.36, 0.09, 0.01 over 0.46.
        double[] f = frequencies(new Sampler(3, plain(0.5, 0, 1.0, 0.0)), logitsOf(0.6, 0.3, 0.1));

        assertThat(f[0]).isCloseTo(0.36 / 0.46, within(0.01));
        assertThat(f[1]).isCloseTo(0.09 / 0.46, within(0.01));
        assertThat(f[2]).isCloseTo(0.01 / 0.46, within(0.01));
    }

    @Test
    void topKRenormalisesOverTheKeptTokens() {
        double[] f = frequencies(new Sampler(4, plain(1.0, 2, 1.0, 0.0)), logitsOf(0.1, 0.5, 0.25, 0.15));

        assertThat(f[0]).isZero();
        assertThat(f[3]).isZero();
        assertThat(f[1]).isCloseTo(2.0 / 3, within(0.01));
    }

    @Test
    void topPAndMinPSeeTheLogitsBeforeTemperature() {
        // Raw probabilities 0.5 / 0.3 / 0.2: top-p 0.75 keeps two tokens, then T = 2 flattens them to √0.5 : √0.3.
        double[] topP = frequencies(new Sampler(3, plain(2.0, 0, 0.75, 0.0)), logitsOf(0.5, 0.3, 0.2));
        // min-p 0.5 keeps p >= 0.25 of the raw distribution, the same two tokens.
        double[] minP = frequencies(new Sampler(3, plain(2.0, 0, 1.0, 0.5)), logitsOf(0.5, 0.3, 0.2));
        double expected = Math.sqrt(0.5) / (Math.sqrt(0.5) + Math.sqrt(0.3));

        assertThat(topP[2]).isZero();
        assertThat(topP[0]).isCloseTo(expected, within(0.01));
        assertThat(minP[2]).isZero();
        assertThat(minP[0]).isCloseTo(expected, within(0.01));
    }

    @Test
    void greedyTakesTheHighestLogitAndTheLowerIdOnATie() {
        Sampler sampler = new Sampler(4, SamplerSettings.greedy());

        assertThat(sampler.sample(new float[] {0f, 3f, 3f, 1f})).isEqualTo(1);
    }

    @Test
    void penaltiesApplyBeforeTheChoice() {
        Sampler sampler = new Sampler(3, new SamplerSettings(0.0, 0, 1.0, 0.0, 2.0, 0.0, 0.0, 64, null));
        float[] logits = {3f, 2f, -1f};

        assertThat(sampler.sample(logits)).isZero();
        sampler.accept(0);
        assertThat(sampler.sample(logits)).isEqualTo(1);
        assertThat(logits).containsExactly(3f, 2f, -1f);
    }

    @Test
    void theSameSeedGivesTheSameTokensAndResetStartsOver() {
        float[] logits = logitsOf(0.25, 0.25, 0.25, 0.25);
        Sampler a = new Sampler(4, plain(1.0, 0, 1.0, 0.0));
        Sampler b = new Sampler(4, plain(1.0, 0, 1.0, 0.0));
        Sampler other = new Sampler(4, new SamplerSettings(1.0, 0, 1.0, 0.0, 1.0, 0.0, 0.0, 0, 99L));

        int[] first = new int[100];
        int[] second = new int[100];
        int[] third = new int[100];
        for (int i = 0; i < 100; i++) {
            first[i] = a.sample(logits);
            second[i] = b.sample(logits);
            third[i] = other.sample(logits);
        }
        a.reset();
        int[] again = new int[100];
        for (int i = 0; i < 100; i++) {
            again[i] = a.sample(logits);
        }

        assertThat(second).containsExactly(first);
        assertThat(again).containsExactly(first);
        assertThat(third).isNotEqualTo(first);
    }

    @Test
    void takesUnsetOptionsFromTheDefaults() {
        GenerationOptions options = new GenerationOptions(0.6, null, 20, null, null, List.of(), 7L, 1.1, null, null);

        SamplerSettings settings = SamplerSettings.of(options, SamplerSettings.LLAMA_CPP_DEFAULTS);

        assertThat(settings).isEqualTo(new SamplerSettings(0.6, 20, 0.95, 0.05, 1.1, 0.0, 0.0, 64, 7L));
    }

    @Test
    void samplingATokenDoesNotAllocate() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        float[] logits = new float[4096];
        SplittableRandom values = new SplittableRandom(5);
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) values.nextGaussian() * 3;
        }
        Sampler sampler = new Sampler(logits.length, new SamplerSettings(0.8, 40, 0.95, 0.05, 1.1, 0.1, 0.1, 64, 3L));
        for (int i = 0; i < 200; i++) {
            sampler.accept(sampler.sample(logits));
        }

        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1000; i++) {
            sampler.accept(sampler.sample(logits));
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(allocated).as("bytes allocated by 1000 sampled tokens").isLessThan(16 * 1024);
    }
}
