package dev.nemotron.spring.ai;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationDocumentation.HighCardinalityKeyNames;
import org.springframework.ai.chat.observation.ChatModelObservationDocumentation.LowCardinalityKeyNames;
import org.springframework.ai.chat.prompt.Prompt;

import dev.nemotron.spring.ai.testing.ScriptedChatEngine;
import dev.nemotron.spring.ai.testing.ScriptedChatEngine.Turn;

class NemotronChatModelObservationTests {

    private final TestObservationRegistry registry = TestObservationRegistry.create();

    private final ScriptedChatEngine engine = new ScriptedChatEngine()
        .turn(Turn.of(12, Duration.ofMillis(5), Duration.ofMillis(5)).reasoning("Hm.").content("Hi", "!"));

    private final NemotronChatModel model = NemotronChatModel.builder()
        .engine(this.engine)
        .options(NemotronChatOptions.builder().model("tiny-f16.gguf").temperature(0.3).build())
        .observationRegistry(this.registry)
        .build();

    @AfterEach
    void closeModel() {
        this.model.close();
    }

    @Test
    void callIsObservedAsAChatOperationOfProviderNemotron() {
        this.model.call(new Prompt("Hello"));

        assertThat(this.registry).hasObservationWithNameEqualTo("gen_ai.client.operation")
            .that()
            .hasContextualNameEqualTo("chat tiny-f16.gguf")
            .hasLowCardinalityKeyValue(LowCardinalityKeyNames.AI_PROVIDER.asString(), "nemotron")
            .hasLowCardinalityKeyValue(LowCardinalityKeyNames.REQUEST_MODEL.asString(), "tiny-f16.gguf")
            .hasHighCardinalityKeyValue(HighCardinalityKeyNames.REQUEST_TEMPERATURE.asString(), "0.3")
            .hasHighCardinalityKeyValue(HighCardinalityKeyNames.RESPONSE_FINISH_REASONS.asString(), "[\"STOP\"]")
            .hasHighCardinalityKeyValue(HighCardinalityKeyNames.USAGE_INPUT_TOKENS.asString(), "12")
            .hasHighCardinalityKeyValue(HighCardinalityKeyNames.USAGE_OUTPUT_TOKENS.asString(), "3")
            .hasBeenStarted()
            .hasBeenStopped();
    }

    @Test
    void streamIsObservedWithTheAggregatedResponse() {
        this.model.stream(new Prompt("Hello")).blockLast();

        assertThat(this.registry).hasObservationWithNameEqualTo("gen_ai.client.operation")
            .that()
            .hasLowCardinalityKeyValue(LowCardinalityKeyNames.AI_PROVIDER.asString(), "nemotron")
            .hasHighCardinalityKeyValue(HighCardinalityKeyNames.RESPONSE_FINISH_REASONS.asString(), "[\"STOP\"]")
            .hasHighCardinalityKeyValue(HighCardinalityKeyNames.USAGE_OUTPUT_TOKENS.asString(), "3")
            .hasBeenStopped()
            .satisfies(context -> assertThat(answer((ChatModelObservationContext) context)).isEqualTo("Hi!"));
    }

    private static String answer(ChatModelObservationContext context) {
        return context.getResponse().getResult().getOutput().getText();
    }
}
