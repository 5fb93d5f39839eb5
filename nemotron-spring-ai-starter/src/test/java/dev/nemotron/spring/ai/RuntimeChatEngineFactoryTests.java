package dev.nemotron.spring.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.nemotron.runtime.chat.ChatEngine;
import dev.nemotron.spring.ai.testing.ScriptedChatEngine;

class RuntimeChatEngineFactoryTests {

    private static final EngineSettings SETTINGS = new EngineSettings(Path.of("/models/nano.gguf"), "q8_0",
            "turboquant", 3.0, 8192, null);

    @Test
    void theLoaderReceivesTheModelAndTheSettingsThatAreSet() {
        ChatEngine engine = new RuntimeChatEngineFactory(RecordingLoader.class.getName()).load(SETTINGS);

        assertThat(engine).isInstanceOf(ScriptedChatEngine.class);
        assertThat(RecordingLoader.model).isEqualTo(Path.of("/models/nano.gguf"));
        assertThat(RecordingLoader.settings).containsExactly(Map.entry("kv-cache.key-codec", "q8_0"),
                Map.entry("kv-cache.value-codec", "turboquant"), Map.entry("kv-cache.bits", 3.0),
                Map.entry("context-length", 8192));
    }

    @Test
    void theLoadersOwnErrorsReachTheCallerUnwrapped() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new RuntimeChatEngineFactory(FailingLoader.class.getName()).load(SETTINGS))
            .withMessage("unsupported weight type IQ1_S");
    }

    @Test
    void withoutALoaderTheErrorSaysWhatIsMissingAndWhatToDo() {
        assertThatIllegalStateException()
            .isThrownBy(() -> new RuntimeChatEngineFactory("dev.nemotron.runtime.chat.NoSuchLoader").load(SETTINGS))
            .withMessageContaining("has no model loader (dev.nemotron.runtime.chat.NoSuchLoader.load(Path, Map))")
            .withMessageContaining("declare a dev.nemotron.spring.ai.ChatEngineFactory bean");
    }

    public static final class RecordingLoader {

        static Path model;

        static Map<String, Object> settings;

        public static ChatEngine load(Path model, Map<String, Object> settings) {
            RecordingLoader.model = model;
            RecordingLoader.settings = new LinkedHashMap<>(settings);
            return new ScriptedChatEngine();
        }
    }

    public static final class FailingLoader {

        public static ChatEngine load(Path model, Map<String, Object> settings) {
            throw new IllegalArgumentException("unsupported weight type IQ1_S");
        }
    }
}
