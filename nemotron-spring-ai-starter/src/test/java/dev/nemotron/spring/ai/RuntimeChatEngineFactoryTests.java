package dev.nemotron.spring.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.nemotron.runtime.chat.ChatEngine;
import dev.nemotron.runtime.model.LoadOptions;
import dev.nemotron.runtime.serve.ServingOptions;
import dev.nemotron.spring.ai.testing.ScriptedChatEngine;

class RuntimeChatEngineFactoryTests {

    private static final Path MODEL = Path.of("/models/nano.gguf");

    @Test
    void theLoaderReceivesTheModelTheSettingsAsLoadOptionsAndTheServingOptions() {
        ServingOptions serving = new ServingOptions(8, 0, Duration.ofSeconds(5), 1024);
        EngineSettings settings = new EngineSettings(MODEL, "q8_0", "q8_0", null, 8192, 3, serving);
        List<Object> received = new ArrayList<>();

        ChatEngine engine = new RuntimeChatEngineFactory((model, options, servingOptions) -> {
            received.add(model);
            received.add(options);
            received.add(servingOptions);
            return new ScriptedChatEngine();
        }).load(settings);

        assertThat(engine).isInstanceOf(ScriptedChatEngine.class);
        assertThat(received).containsExactly(MODEL, new LoadOptions(3, "q8_0", 8192, false), serving);
    }

    @Test
    void unsetSettingsKeepTheRuntimesDefaults() {
        LoadOptions options = RuntimeChatEngineFactory.loadOptions(new EngineSettings(MODEL, "f16", "f16", null,
                null, null));

        assertThat(options).isEqualTo(LoadOptions.defaults());
    }

    @Test
    void separateKeyAndValueCodecsAndTheBitWidthReachTheRuntime() {
        LoadOptions options = RuntimeChatEngineFactory.loadOptions(new EngineSettings(MODEL, "q8_0", "turboquant",
                2.5, null, null));

        assertThat(options.keyCodec()).isEqualTo("q8_0");
        assertThat(options.valueCodec()).isEqualTo("turboquant");
        assertThat(options.kvBits()).isEqualTo(2.5);
    }

    @Test
    void theLoadersOwnErrorsReachTheCallerUnwrapped() {
        EngineSettings settings = new EngineSettings(MODEL, "f16", "f16", null, null, null);

        assertThatIllegalArgumentException()
            .isThrownBy(() -> new RuntimeChatEngineFactory((model, options, serving) -> {
                throw new IllegalArgumentException("unsupported weight type IQ1_S");
            }).load(settings))
            .withMessage("unsupported weight type IQ1_S");
    }
}
