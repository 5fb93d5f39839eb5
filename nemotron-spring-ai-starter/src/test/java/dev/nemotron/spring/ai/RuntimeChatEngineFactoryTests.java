package dev.nemotron.spring.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.nemotron.runtime.chat.ChatEngine;
import dev.nemotron.runtime.model.LoadOptions;
import dev.nemotron.spring.ai.testing.ScriptedChatEngine;

class RuntimeChatEngineFactoryTests {

    private static final Path MODEL = Path.of("/models/nano.gguf");

    @Test
    void theLoaderReceivesTheModelAndTheSettingsAsLoadOptions() {
        EngineSettings settings = new EngineSettings(MODEL, "q8_0", "q8_0", null, 8192, 3);
        List<Object> received = new ArrayList<>();

        ChatEngine engine = new RuntimeChatEngineFactory((model, options) -> {
            received.add(model);
            received.add(options);
            return new ScriptedChatEngine();
        }).load(settings);

        assertThat(engine).isInstanceOf(ScriptedChatEngine.class);
        assertThat(received).containsExactly(MODEL, new LoadOptions(3, "q8_0", 8192, false));
    }

    @Test
    void unsetSettingsKeepTheRuntimesDefaults() {
        LoadOptions options = RuntimeChatEngineFactory.loadOptions(new EngineSettings(MODEL, "f16", "f16", null,
                null, null));

        assertThat(options).isEqualTo(LoadOptions.defaults());
    }

    @Test
    void separateKeyAndValueCodecsAreRefusedUntilTheRuntimeTakesThem() {
        assertThatIllegalArgumentException().isThrownBy(() -> RuntimeChatEngineFactory
            .loadOptions(new EngineSettings(MODEL, "q8_0", "turboquant", null, null, null)))
            .withMessageContaining("spring.ai.nemotron.kv-cache.codec");
    }

    @Test
    void aKvBitWidthIsRefusedUntilTheRuntimeTakesIt() {
        assertThatIllegalArgumentException().isThrownBy(() -> RuntimeChatEngineFactory
            .loadOptions(new EngineSettings(MODEL, "turboquant", "turboquant", 3.5, null, null)))
            .withMessageContaining("remove spring.ai.nemotron.kv-cache.bits");
    }

    @Test
    void theLoadersOwnErrorsReachTheCallerUnwrapped() {
        EngineSettings settings = new EngineSettings(MODEL, "f16", "f16", null, null, null);

        assertThatIllegalArgumentException()
            .isThrownBy(() -> new RuntimeChatEngineFactory((model, options) -> {
                throw new IllegalArgumentException("unsupported weight type IQ1_S");
            }).load(settings))
            .withMessage("unsupported weight type IQ1_S");
    }
}
