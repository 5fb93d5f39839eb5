package dev.nemotron.runtime.chat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.nemotron.runtime.kv.KvCodecs;
import dev.nemotron.runtime.model.LoadOptions;
import dev.nemotron.runtime.parallel.ComputePool;

/**
 * Opens chat engines from settings given by name, the way the Spring AI starter hands over its
 * {@code spring.ai.nemotron.*} properties (it finds this class by name, so it builds against any runtime).
 *
 * <p>Settings: {@value #KEY_CODEC} and {@value #VALUE_CODEC} (KV codec ids, required), {@value #BITS} (bits per
 * value of the TurboQuant / RotorQuant codecs), {@value #CONTEXT_LENGTH} (absent: the model's trained context) and
 * {@value #THREADS} (absent: one per available processor). This runtime stores keys and values with one codec at
 * its default width, so the two codecs must be the same and {@value #BITS} may only name that default.
 */
public final class ChatEngines {

    /** KV codec id of the cached keys. */
    public static final String KEY_CODEC = "kv-cache.key-codec";
    /** KV codec id of the cached values. */
    public static final String VALUE_CODEC = "kv-cache.value-codec";
    /** Bits per value of the codecs that offer a choice. */
    public static final String BITS = "kv-cache.bits";
    /** Tokens a sequence may hold. */
    public static final String CONTEXT_LENGTH = "context-length";
    /** Compute threads. */
    public static final String THREADS = "threads";

    private static final List<String> KEYS = List.of(KEY_CODEC, VALUE_CODEC, BITS, CONTEXT_LENGTH, THREADS);
    private static final List<String> CODECS_WITH_BITS = List.of("turboquant", "rotorquant", "rotorquant-planar",
            "rotorquant-iso");

    private ChatEngines() {
    }

    /**
     * Loads the model at {@code model} (a GGUF file or a model directory) as a {@link NemotronChatEngine}.
     *
     * @throws IllegalArgumentException naming the setting for an unknown key, a value of the wrong type or range,
     *                                  an unknown codec, or a combination this runtime does not offer; and as
     *                                  {@link NemotronChatEngine#open} for a model without a chat template
     */
    public static ChatEngine load(Path model, Map<String, Object> settings) {
        return NemotronChatEngine.open(model, loadOptions(settings));
    }

    /** The load options the settings describe. */
    static LoadOptions loadOptions(Map<String, Object> settings) {
        for (String key : settings.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown engine setting '" + key + "'; known settings: "
                        + String.join(", ", KEYS));
            }
        }
        String codec = codec(settings, KEY_CODEC);
        String valueCodec = codec(settings, VALUE_CODEC);
        if (!codec.equals(valueCodec)) {
            throw new IllegalArgumentException(KEY_CODEC + " = " + codec + " and " + VALUE_CODEC + " = " + valueCodec
                    + " differ; this runtime stores keys and values with one codec, so set them alike");
        }
        checkBits(codec, number(settings, BITS));
        Number context = number(settings, CONTEXT_LENGTH);
        Number threads = number(settings, THREADS);
        return new LoadOptions(threads == null ? ComputePool.defaultThreads() : positive(THREADS, threads), codec,
                context == null ? 0 : positive(CONTEXT_LENGTH, context), false);
    }

    private static String codec(Map<String, Object> settings, String key) {
        if (!(settings.get(key) instanceof String id)) {
            throw new IllegalArgumentException(key + " must be a KV codec id, one of " + String.join(", ",
                    KvCodecs.IDS) + "; got " + settings.get(key));
        }
        if (!KvCodecs.IDS.contains(id)) {
            throw new IllegalArgumentException(key + " = " + id + " is no KV codec; known codecs: "
                    + String.join(", ", KvCodecs.IDS));
        }
        return id;
    }

    private static void checkBits(String codec, @Nullable Number bits) {
        if (bits != null && CODECS_WITH_BITS.contains(codec) && bits.doubleValue() != KvCodecs.DEFAULT_BITS) {
            throw new IllegalArgumentException(BITS + " = " + bits + ": this runtime runs " + codec + " at its "
                    + "default of " + (int) KvCodecs.DEFAULT_BITS + " bits only; leave " + BITS + " unset");
        }
    }

    private static @Nullable Number number(Map<String, Object> settings, String key) {
        Object value = settings.get(key);
        if (value == null || value instanceof Number) {
            return (Number) value;
        }
        throw new IllegalArgumentException(key + " must be a number, got " + Objects.toString(value));
    }

    private static int positive(String key, Number value) {
        if (value.doubleValue() < 1 || value.doubleValue() != Math.rint(value.doubleValue())
                || value.doubleValue() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + " must be a whole number of at least 1, got " + value);
        }
        return value.intValue();
    }
}
