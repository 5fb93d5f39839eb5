package dev.nemotron.runtime.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.nemotron.runtime.generate.GenerationOptions;
import dev.nemotron.runtime.model.LoadOptions;
import dev.nemotron.runtime.parallel.ComputePool;
import dev.nemotron.runtime.testing.SharedData;

/** The by-name loader the Spring AI starter calls, with the settings named as its properties are. */
class ChatEnginesTest {

    private static Map<String, Object> settings(Object... keysAndValues) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put(ChatEngines.KEY_CODEC, "f16");
        settings.put(ChatEngines.VALUE_CODEC, "f16");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            settings.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return settings;
    }

    @Test
    void settingsBecomeLoadOptions() {
        assertThat(ChatEngines.loadOptions(settings(ChatEngines.KEY_CODEC, "q8_0", ChatEngines.VALUE_CODEC, "q8_0",
                ChatEngines.CONTEXT_LENGTH, 2048, ChatEngines.THREADS, 3)))
                .isEqualTo(new LoadOptions(3, "q8_0", 2048, false));
    }

    @Test
    void absentContextAndThreadsTakeTheTrainedContextAndEveryProcessor() {
        assertThat(ChatEngines.loadOptions(settings()))
                .isEqualTo(new LoadOptions(ComputePool.defaultThreads(), "f16", 0, false));
    }

    @Test
    void theStartersPropertyLookupReachesAWorkingEngine() {
        try (ChatEngine engine = ChatEngines.load(SharedData.goldenModel("tiny-f32"),
                settings(ChatEngines.CONTEXT_LENGTH, 256, ChatEngines.THREADS, 2))) {
            ChatResult result = engine.chat(new ChatRequest(List.of(ChatMessage.user("Hi")), List.of(), false,
                    Map.of(), GenerationOptions.greedy(3)), ChatListener.none());

            assertThat(engine.contextLength()).isEqualTo(256);
            assertThat(result.usage().completionTokens()).isEqualTo(3);
        }
    }

    @Test
    void badSettingsAreRejectedNamingTheSetting() {
        assertThatThrownBy(() -> ChatEngines.loadOptions(settings("kv-cache.codec", "f16")))
                .hasMessage("unknown engine setting 'kv-cache.codec'; known settings: kv-cache.key-codec, "
                        + "kv-cache.value-codec, kv-cache.bits, context-length, threads");
        assertThatThrownBy(() -> ChatEngines.loadOptions(settings(ChatEngines.KEY_CODEC, "f8")))
                .hasMessageStartingWith("kv-cache.key-codec = f8 is no KV codec; known codecs: f32, f16");
        assertThatThrownBy(() -> ChatEngines.loadOptions(settings(ChatEngines.VALUE_CODEC, "q8_0")))
                .hasMessageStartingWith("kv-cache.key-codec = f16 and kv-cache.value-codec = q8_0 differ");
        assertThatThrownBy(() -> ChatEngines.loadOptions(settings(ChatEngines.THREADS, -1)))
                .hasMessage("threads must be a whole number of at least 1, got -1");
        assertThatThrownBy(() -> ChatEngines.loadOptions(settings(ChatEngines.CONTEXT_LENGTH, "big")))
                .hasMessage("context-length must be a number, got big");
        assertThatThrownBy(() -> ChatEngines.loadOptions(settings(ChatEngines.KEY_CODEC, "turboquant",
                ChatEngines.VALUE_CODEC, "turboquant", ChatEngines.BITS, 2.5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("kv-cache.bits = 2.5: this runtime runs turboquant at its default of 3 bits");
    }

    @Test
    void bitsAtTheDefaultOrForACodecWithoutAChoiceAreAccepted() {
        assertThat(ChatEngines.loadOptions(settings(ChatEngines.KEY_CODEC, "turboquant", ChatEngines.VALUE_CODEC,
                "turboquant", ChatEngines.BITS, 3.0)).kvCodec()).isEqualTo("turboquant");
        assertThat(ChatEngines.loadOptions(settings(ChatEngines.BITS, 4.0)).kvCodec()).isEqualTo("f16");
    }
}
