package dev.nemotron.runtime.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The activation roundings of ggml's CPU backend (golden/README.md §2.4), on hand-computed blocks. */
class ActivationsTest {

    @Test
    void q8_0ScalesByAmaxOver127AndRoundsHalvesToEven() {
        float[] x = new float[32];
        x[0] = -127f;
        x[1] = 0.5f;
        x[2] = 1.5f;
        x[3] = 2.5f;
        x[4] = -2.5f;
        x[5] = 3.4f;
        Activations a = new Activations(ActivationType.Q8_0, 32).load(x, 0);
        assertThat(a.scales()[0]).isEqualTo(1f);
        assertThat(a.quants()).startsWith((byte) -127, (byte) 0, (byte) 2, (byte) 2, (byte) -2, (byte) 3, (byte) 0);
    }

    @Test
    void q8_0StoresTheScaleAsFp16ButQuantizesWithTheFloatReciprocal() {
        float[] x = new float[32];
        x[0] = 1f;
        x[1] = 0.3f;
        Activations a = new Activations(ActivationType.Q8_0, 32).load(x, 0);
        assertThat(a.scales()[0]).isEqualTo(Half.roundToHalf(1f / 127));
        assertThat(a.quants()[1]).isEqualTo((byte) Math.rint(0.3f * (127f / 1f)));
    }

    @Test
    void q8_0BlockOfZerosHasZeroScaleAndQuants() {
        Activations a = new Activations(ActivationType.Q8_0, 64).load(new float[64], 0);
        assertThat(a.scales()[0]).isZero();
        assertThat(a.quants()).containsOnly((byte) 0);
    }

    @Test
    void q8_1AddsTheFp16RoundedBlockSumOfScaleTimesQuants() {
        float[] x = new float[32];
        for (int i = 0; i < 32; i++) {
            x[i] = i % 3 == 0 ? 1.7f : -0.2f;
        }
        Activations a = new Activations(ActivationType.Q8_1, 32).load(x, 0);
        int sum = 0;
        for (byte q : java.util.Arrays.copyOf(a.quants(), 32)) {
            sum += q;
        }
        float d = 1.7f / 127;
        assertThat(a.blockSums()[0]).isEqualTo(Half.roundToHalf(d * sum));
        assertThat(a.scales()[0]).isEqualTo(Half.roundToHalf(d));
    }

    @Test
    void q8_kMapsTheSignedExtremeToMinus127AndKeepsAFloatScale() {
        float[] x = new float[256];
        x[0] = 0.9f;
        x[1] = -1.0f;
        x[2] = 1.0f;
        x[17] = 0.5f;
        Activations a = new Activations(ActivationType.Q8_K, 256).load(x, 0);
        // max is -1.0 (the first element of largest magnitude), iscale = 127, d = 1/127 in float
        assertThat(a.scales()[0]).isEqualTo(1 / (-127f / -1.0f));
        assertThat(a.quants()[1]).isEqualTo((byte) -127);
        assertThat(a.quants()[2]).isEqualTo((byte) 127);
        assertThat(a.quants()[0]).isEqualTo((byte) Math.rint(127f * 0.9f));
        assertThat(a.groupSums()[0]).isEqualTo((short) (a.quants()[0] + a.quants()[1] + a.quants()[2]));
        assertThat(a.groupSums()[1]).isEqualTo((short) Math.rint(127f * 0.5f));
    }

    @Test
    void q8_kClampsAtPlus127WhenTheExtremeIsPositive() {
        float[] x = new float[256];
        x[0] = 1.0f;
        x[1] = -1.0f;
        Activations a = new Activations(ActivationType.Q8_K, 256).load(x, 0);
        assertThat(a.quants()[0]).isEqualTo((byte) -127);
        assertThat(a.quants()[1]).isEqualTo((byte) 127);
    }

    @Test
    void batchedLoadPlacesEachVectorAtItsOwnOffsets() {
        float[] x = new float[96];
        x[5] = 2f;
        x[64 + 7] = -4f;
        Activations a = new Activations(ActivationType.Q8_0, 32).load(x, 0, 64, 2);
        assertThat(a.count()).isEqualTo(2);
        assertThat(a.quants()[5]).isEqualTo((byte) 127);
        assertThat(a.quants()[32 + 7]).isEqualTo((byte) -127);
        assertThat(a.scales()[1]).isEqualTo(Half.roundToHalf(4f / 127));
    }

    @Test
    void aBatchOfTwoOrMoreVectorsIsBatchedUnlessItFeedsAnExpert() {
        float[] x = new float[64];
        Activations a = new Activations(ActivationType.F32, 32);
        assertThat(a.load(x, 0).batched()).isFalse();
        assertThat(a.load(x, 0, 32, 2).batched()).isTrue();
        assertThat(new Activations(ActivationType.F32, 32).forExperts().load(x, 0, 32, 2).batched()).isFalse();
    }

    @Test
    void rejectsALengthThatIsNotWholeBlocks() {
        assertThatThrownBy(() -> new Activations(ActivationType.Q8_K, 100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("100").hasMessageContaining("Q8_K");
    }
}
