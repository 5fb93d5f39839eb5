package dev.nemotron.spring.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.prompt.ChatOptions;

import dev.nemotron.runtime.generate.GenerationOptions;

class NemotronChatOptionsTests {

    private final NemotronChatOptions defaults = NemotronChatOptions.builder()
        .model("nano.gguf")
        .thinking(true)
        .temperature(0.6)
        .topP(0.95)
        .minP(0.01)
        .seed(42L)
        .stopSequences(List.of("END"))
        .build();

    @Test
    void mutateCopiesEveryOption() {
        assertThat(this.defaults.mutate().build()).isEqualTo(this.defaults).isNotSameAs(this.defaults);
    }

    @Test
    void combineWithLetsTheOthersValuesWinAndConcatenatesStopSequences() {
        NemotronChatOptions combined = this.defaults.mutate()
            .combineWith(NemotronChatOptions.builder().thinking(false).temperature(0.1).stopSequences(List.of("STOP")))
            .build();

        assertThat(combined.getThinking()).isFalse();
        assertThat(combined.getTemperature()).isEqualTo(0.1);
        assertThat(combined.getStopSequences()).containsExactly("END", "STOP");
        assertThat(combined.getSeed()).isEqualTo(42L);
        assertThat(combined.getMinP()).isEqualTo(0.01);
        assertThat(combined.getModel()).isEqualTo("nano.gguf");
    }

    @Test
    void combineWithPortableOptionsKeepsTheNemotronOnes() {
        NemotronChatOptions combined = this.defaults.mutate()
            .combineWith(ChatOptions.builder().topP(0.5).maxTokens(100))
            .build();

        assertThat(combined.getTopP()).isEqualTo(0.5);
        assertThat(combined.getMaxTokens()).isEqualTo(100);
        assertThat(combined.getThinking()).isTrue();
        assertThat(combined.getSeed()).isEqualTo(42L);
    }

    @Test
    void optionsAreImmutable() {
        List<String> stops = new ArrayList<>(List.of("END"));
        NemotronChatOptions options = NemotronChatOptions.builder().stopSequences(stops).build();
        stops.add("LATER");

        assertThat(options.getStopSequences()).containsExactly("END");
        assertThatExceptionOfType(UnsupportedOperationException.class)
            .isThrownBy(() -> options.getStopSequences().add("X"));
    }

    @Test
    void generationOptionsCarryEverySamplingOptionAndLeaveUnsetOnesToTheModel() {
        NemotronChatOptions options = NemotronChatOptions.builder()
            .temperature(0.7)
            .topP(0.9)
            .topK(40)
            .minP(0.05)
            .maxTokens(256)
            .stopSequences(List.of("END"))
            .seed(3L)
            .repetitionPenalty(1.1)
            .presencePenalty(0.2)
            .frequencyPenalty(0.3)
            .build();

        assertThat(options.toGenerationOptions())
            .isEqualTo(new GenerationOptions(0.7, 0.9, 40, 0.05, 256, List.of("END"), 3L, 1.1, 0.2, 0.3));
        assertThat(NemotronChatOptions.builder().build().toGenerationOptions())
            .isEqualTo(GenerationOptions.defaults());
    }
}
