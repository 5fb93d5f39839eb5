package dev.nemotron.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * What a new user sees when starting the sample without configuring a model.
 */
@ExtendWith(OutputCaptureExtension.class)
class ChatSampleStartupFailureTests {

    @Test
    void withoutAModelTheSampleStopsWithGuidanceInsteadOfAStackTrace(CapturedOutput output) {
        assertThatException().isThrownBy(() -> SpringApplication.run(ChatSampleApplication.class,
                "--server.port=0", "--spring.main.banner-mode=off"));

        assertThat(output).contains("APPLICATION FAILED TO START", "Property: spring.ai.nemotron.model",
                "no Nemotron model is configured", "Set spring.ai.nemotron.model to a GGUF file",
                "https://huggingface.co/majentik/")
            .doesNotContain("\tat ");
    }
}
