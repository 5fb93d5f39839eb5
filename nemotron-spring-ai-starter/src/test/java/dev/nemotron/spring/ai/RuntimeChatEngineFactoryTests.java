package dev.nemotron.spring.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.nemotron.runtime.chat.ChatEngine;
import dev.nemotron.runtime.model.LoadOptions;
import dev.nemotron.spring.ai.testing.ScriptedChatEngine;

class RuntimeChatEngineFactoryTests {

    private static final Path MODEL = Path.of("/models/nano.gguf");

    @Test
    void theLoaderReceivesTheModelAndTheSettingsAsLoadOptions() {
        EngineSettings settings = new EngineSettings(MODEL, "q8_0", "q8_0", null, 8192, 3);

        ChatEngine engine = new RuntimeChatEngineFactory(RecordingLoader.class.getName()).load(settings);

        assertThat(engine).isInstanceOf(ScriptedChatEngine.class);
        assertThat(RecordingLoader.model).isEqualTo(MODEL);
        assertThat(RecordingLoader.options).isEqualTo(new LoadOptions(3, "q8_0", 8192, false));
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
            .isThrownBy(() -> new RuntimeChatEngineFactory(FailingLoader.class.getName()).load(settings))
            .withMessage("unsupported weight type IQ1_S");
    }

    @Test
    void withoutTheChatEngineTheErrorSaysWhatIsMissingAndWhatToDo() {
        EngineSettings settings = new EngineSettings(MODEL, "f16", "f16", null, null, null);

        assertThatIllegalStateException()
            .isThrownBy(() -> new RuntimeChatEngineFactory("dev.nemotron.runtime.chat.NoSuchEngine").load(settings))
            .withMessageContaining("has no chat engine (dev.nemotron.runtime.chat.NoSuchEngine.open(Path, "
                    + "LoadOptions))")
            .withMessageContaining("declare a dev.nemotron.spring.ai.ChatEngineFactory bean");
    }

    public static final class RecordingLoader {

        static Path model;

        static LoadOptions options;

        public static ChatEngine open(Path model, LoadOptions options) {
            RecordingLoader.model = model;
            RecordingLoader.options = options;
            return new ScriptedChatEngine();
        }
    }

    public static final class FailingLoader {

        public static ChatEngine open(Path model, LoadOptions options) {
            throw new IllegalArgumentException("unsupported weight type IQ1_S");
        }
    }
}
