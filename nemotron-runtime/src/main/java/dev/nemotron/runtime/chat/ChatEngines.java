package dev.nemotron.runtime.chat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.nemotron.runtime.kv.KvCodecs;
import dev.nemotron.runtime.model.LoadOptions;
import dev.nemotron.runtime.parallel.ComputePool;
import dev.nemotron.runtime.serve.ServingOptions;

/**
 * Opens chat engines from settings given by name, the way the Spring AI starter hands over its
 * {@code spring.ai.nemotron.*} properties (it finds this class by name, so it builds against any runtime).
 *
 * <p>Settings: {@value #KEY_CODEC} and {@value #VALUE_CODEC} (KV codec ids, required), {@value #BITS} (bits per
 * value of the TurboQuant / RotorQuant codecs), {@value #CONTEXT_LENGTH} (absent: the model's trained context;
 * never more than that) and {@value #THREADS} (absent: one per available processor). This runtime stores keys and
 * values with one codec at its default width, so the two codecs must be the same and {@value #BITS} may only name
 * that default.
 *
 * <p>Serving settings, each absent for its {@link ServingOptions} default: {@value #MAX_CONCURRENT_SEQUENCES},
 * {@value #MAX_QUEUED_REQUESTS}, {@value #ADMISSION_TIMEOUT} (a {@link Duration} or a number of milliseconds) and
 * {@value #PREFIX_CACHE_BUDGET} (bytes; 0 turns prefix reuse off).
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
    /** Sequences computed at once. */
    public static final String MAX_CONCURRENT_SEQUENCES = "max-concurrent-sequences";
    /** Requests that may wait for a free sequence. */
    public static final String MAX_QUEUED_REQUESTS = "max-queued-requests";
    /** How long a request waits for a free sequence. */
    public static final String ADMISSION_TIMEOUT = "admission-timeout";
    /** Bytes of state snapshots kept for prefix reuse. */
    public static final String PREFIX_CACHE_BUDGET = "prefix-cache.budget";

    private static final List<String> KEYS = List.of(KEY_CODEC, VALUE_CODEC, BITS, CONTEXT_LENGTH, THREADS,
            MAX_CONCURRENT_SEQUENCES, MAX_QUEUED_REQUESTS, ADMISSION_TIMEOUT, PREFIX_CACHE_BUDGET);
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
        return NemotronChatEngine.open(model, loadOptions(settings), servingOptions(settings));
    }

    /** The load options the settings describe. */
    static LoadOptions loadOptions(Map<String, Object> settings) {
        requireKnown(settings);
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

    /** The serving options the settings describe. */
    static ServingOptions servingOptions(Map<String, Object> settings) {
        requireKnown(settings);
        ServingOptions serving = ServingOptions.defaults();
        Number sequences = number(settings, MAX_CONCURRENT_SEQUENCES);
        if (sequences != null) {
            serving = serving.withMaxConcurrentSequences(positive(MAX_CONCURRENT_SEQUENCES, sequences));
        }
        Number queued = number(settings, MAX_QUEUED_REQUESTS);
        if (queued != null) {
            serving = serving.withMaxQueuedRequests((int) whole(MAX_QUEUED_REQUESTS, queued, 0, Integer.MAX_VALUE));
        }
        Object timeout = settings.get(ADMISSION_TIMEOUT);
        if (timeout != null) {
            serving = serving.withAdmissionTimeout(duration(timeout));
        }
        Number budget = number(settings, PREFIX_CACHE_BUDGET);
        if (budget != null) {
            serving = serving.withPrefixCacheBytes(whole(PREFIX_CACHE_BUDGET, budget, 0, Long.MAX_VALUE));
        }
        return serving;
    }

    private static void requireKnown(Map<String, Object> settings) {
        for (String key : settings.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown engine setting '" + key + "'; known settings: "
                        + String.join(", ", KEYS));
            }
        }
    }

    private static Duration duration(Object timeout) {
        if (timeout instanceof Duration duration && !duration.isNegative()) {
            return duration;
        }
        if (timeout instanceof Number millis) {
            return Duration.ofMillis(whole(ADMISSION_TIMEOUT, millis, 0, Long.MAX_VALUE));
        }
        throw new IllegalArgumentException(ADMISSION_TIMEOUT + " must be a non-negative Duration or number of "
                + "milliseconds, got " + timeout);
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
        return (int) whole(key, value, 1, Integer.MAX_VALUE);
    }

    private static long whole(String key, Number value, long min, long max) {
        double v = value.doubleValue();
        if (v < min || v != Math.rint(v) || v > max) {
            throw new IllegalArgumentException(key + " must be a whole number of at least " + min + ", got " + value);
        }
        return value.longValue();
    }
}
