package dev.nemotron.spring.ai.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which Nemotron model the application loads and how its engine runs.
 */
@ConfigurationProperties(NemotronProperties.CONFIG_PREFIX)
public class NemotronProperties {

    public static final String CONFIG_PREFIX = "spring.ai.nemotron";

    /**
     * Path or URI (file:, classpath:, or a plain path) of the model: a GGUF file or an MLX model directory.
     */
    private @Nullable String model;

    /**
     * Variant id of the model family to use when no model path is given.
     */
    private @Nullable String variant;

    /**
     * How the attention layers store their keys and values.
     */
    private final KvCache kvCache = new KvCache();

    /**
     * Hugging Face cache directory variants are found in and downloaded to; HF_HUB_CACHE, HF_HOME/hub or
     * ~/.cache/huggingface/hub when not set.
     */
    private @Nullable String cacheDir;

    /**
     * Whether variants are only looked up in the cache, never downloaded; HF_HUB_OFFLINE when not set.
     */
    private @Nullable Boolean offline;

    /**
     * Maximum tokens of one conversation; the engine's default when not set.
     */
    private @Nullable Integer contextLength;

    /**
     * Number of threads the engine computes with; chosen from the available processors when not set.
     */
    private @Nullable Integer threads;

    public @Nullable String getModel() {
        return this.model;
    }

    public void setModel(@Nullable String model) {
        this.model = model;
    }

    public @Nullable String getVariant() {
        return this.variant;
    }

    public void setVariant(@Nullable String variant) {
        this.variant = variant;
    }

    public @Nullable String getCacheDir() {
        return this.cacheDir;
    }

    public void setCacheDir(@Nullable String cacheDir) {
        this.cacheDir = cacheDir;
    }

    public @Nullable Boolean getOffline() {
        return this.offline;
    }

    public void setOffline(@Nullable Boolean offline) {
        this.offline = offline;
    }

    public KvCache getKvCache() {
        return this.kvCache;
    }

    public @Nullable Integer getContextLength() {
        return this.contextLength;
    }

    public void setContextLength(@Nullable Integer contextLength) {
        this.contextLength = contextLength;
    }

    public @Nullable Integer getThreads() {
        return this.threads;
    }

    public void setThreads(@Nullable Integer threads) {
        this.threads = threads;
    }

    /**
     * The KV cache's codecs.
     */
    public static class KvCache {

        /**
         * Codec of both keys and values (f32, f16, bf16, q8_0, q4_0, turboquant, rotorquant); when not set, the
         * codec the variant pairs with its weights, else f16.
         */
        private @Nullable String codec;

        /**
         * Bits per value of the turboquant (2, 2.5, 3, 3.5, 4) and rotorquant (3, 4) codecs.
         */
        private @Nullable Double bits;

        /**
         * Codec of the keys, when it differs from the codec of the values.
         */
        private @Nullable String keyCodec;

        /**
         * Codec of the values, when it differs from the codec of the keys.
         */
        private @Nullable String valueCodec;

        public @Nullable String getCodec() {
            return this.codec;
        }

        public void setCodec(@Nullable String codec) {
            this.codec = codec;
        }

        public @Nullable Double getBits() {
            return this.bits;
        }

        public void setBits(@Nullable Double bits) {
            this.bits = bits;
        }

        public @Nullable String getKeyCodec() {
            return this.keyCodec;
        }

        public void setKeyCodec(@Nullable String keyCodec) {
            this.keyCodec = keyCodec;
        }

        public @Nullable String getValueCodec() {
            return this.valueCodec;
        }

        public void setValueCodec(@Nullable String valueCodec) {
            this.valueCodec = valueCodec;
        }
    }
}
