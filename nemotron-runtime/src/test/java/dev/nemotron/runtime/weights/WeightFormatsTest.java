package dev.nemotron.runtime.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;

class WeightFormatsTest {

    private static final EnumSet<GgmlType> SUPPORTED = EnumSet.of(GgmlType.F32, GgmlType.F16, GgmlType.BF16,
            GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_1, GgmlType.Q5_0, GgmlType.Q5_1, GgmlType.IQ4_NL,
            GgmlType.MXFP4, GgmlType.Q2_K, GgmlType.Q3_K, GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K,
            GgmlType.IQ4_XS);

    @Test
    void everyFormatOfTheModelFamilyIsRegisteredUnderItsOwnType() {
        for (GgmlType type : SUPPORTED) {
            assertThat(WeightFormats.of(type).type()).isEqualTo(type);
        }
    }

    @Test
    void unsupportedTypeFailsNamingItAndTheSupportedList() {
        assertThatThrownBy(() -> WeightFormats.of(GgmlType.IQ2_XXS))
                .isInstanceOf(UnsupportedWeightTypeException.class)
                .hasMessageStartingWith("IQ2_XXS weights are not supported; supported types: ")
                .hasMessageContaining("Q4_K").hasMessageContaining("MXFP4").hasMessageContaining("IQ4_XS");
        assertThat(WeightFormats.find(GgmlType.Q8_1)).isEmpty();
    }

    @Test
    void supportedNamesListsExactlyTheRegisteredTypesInIdOrder() {
        assertThat(WeightFormats.supportedNames()).isEqualTo(
                "F32, F16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q2_K, Q3_K, Q4_K, Q5_K, Q6_K, IQ4_NL, IQ4_XS, BF16, MXFP4");
    }

    @Test
    void kQuantsAndIq4XsPairWithQ8K() {
        for (GgmlType type : EnumSet.of(GgmlType.Q2_K, GgmlType.Q3_K, GgmlType.Q4_K, GgmlType.Q5_K,
                GgmlType.Q6_K, GgmlType.IQ4_XS)) {
            assertThat(WeightFormats.of(type).activationType()).as(type.name()).isEqualTo(ActivationType.Q8_K);
        }
    }
}
