package dev.nemotron.spring.ai;

import java.nio.file.Path;
import java.util.function.BiFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nemotron.runtime.chat.ChatEngine;
import dev.nemotron.runtime.chat.NemotronChatEngine;
import dev.nemotron.runtime.model.LoadOptions;

/**
 * Loads models through the runtime's chat engine, {@link NemotronChatEngine#open(Path, LoadOptions)}; the runtime
 * logs the loaded model in one info line.
 *
 * <p>{@link LoadOptions} carries one KV codec for keys and values and no bit width, so settings that differ
 * between keys and values, or that choose a bit width, are refused here with a message naming the property.
 */
public final class RuntimeChatEngineFactory implements ChatEngineFactory {

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeChatEngineFactory.class);

    private final BiFunction<Path, LoadOptions, ChatEngine> loader;

    public RuntimeChatEngineFactory() {
        this(NemotronChatEngine::open);
    }

    RuntimeChatEngineFactory(BiFunction<Path, LoadOptions, ChatEngine> loader) {
        this.loader = loader;
    }

    @Override
    public ChatEngine load(EngineSettings settings) {
        LoadOptions options = loadOptions(settings);
        long start = System.nanoTime();
        ChatEngine engine = this.loader.apply(settings.model(), options);
        if (LOG.isDebugEnabled()) {
            LOG.debug("Chat engine for {} ready in {} ms", settings.model(), (System.nanoTime() - start) / 1_000_000);
        }
        return engine;
    }

    static LoadOptions loadOptions(EngineSettings settings) {
        if (!settings.keyCodec().equals(settings.valueCodec())) {
            throw new IllegalArgumentException("this runtime stores keys and values with one codec; set "
                    + "spring.ai.nemotron.kv-cache.codec instead of separate key and value codecs");
        }
        if (settings.kvBits() != null) {
            throw new IllegalArgumentException("this runtime does not take a KV bit width yet; remove "
                    + "spring.ai.nemotron.kv-cache.bits");
        }
        LoadOptions options = LoadOptions.defaults().withKvCodec(settings.keyCodec());
        if (settings.threads() != null) {
            options = options.withThreads(settings.threads());
        }
        if (settings.contextLength() != null) {
            options = options.withContextLength(settings.contextLength());
        }
        return options;
    }
}
