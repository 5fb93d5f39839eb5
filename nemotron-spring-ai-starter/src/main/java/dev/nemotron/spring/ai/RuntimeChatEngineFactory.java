package dev.nemotron.spring.ai;

import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nemotron.runtime.chat.ChatEngine;
import dev.nemotron.runtime.chat.NemotronChatEngine;
import dev.nemotron.runtime.model.LoadOptions;
import dev.nemotron.runtime.serve.ServingOptions;

/**
 * Loads models through the runtime's chat engine, {@link NemotronChatEngine#open(Path, LoadOptions, ServingOptions)};
 * the runtime logs the loaded model in one info line.
 */
public final class RuntimeChatEngineFactory implements ChatEngineFactory {

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeChatEngineFactory.class);

    private final Loader loader;

    public RuntimeChatEngineFactory() {
        this(NemotronChatEngine::open);
    }

    RuntimeChatEngineFactory(Loader loader) {
        this.loader = loader;
    }

    @Override
    public ChatEngine load(EngineSettings settings) {
        LoadOptions options = loadOptions(settings);
        long start = System.nanoTime();
        ChatEngine engine = this.loader.open(settings.model(), options, settings.serving());
        if (LOG.isDebugEnabled()) {
            LOG.debug("Chat engine for {} ready in {} ms", settings.model(), (System.nanoTime() - start) / 1_000_000);
        }
        return engine;
    }

    static LoadOptions loadOptions(EngineSettings settings) {
        LoadOptions options = LoadOptions.defaults().withKvCodecs(settings.keyCodec(), settings.valueCodec());
        if (settings.kvBits() != null) {
            options = options.withKvBits(settings.kvBits());
        }
        if (settings.threads() != null) {
            options = options.withThreads(settings.threads());
        }
        if (settings.contextLength() != null) {
            options = options.withContextLength(settings.contextLength());
        }
        return options;
    }

    /** Opens an engine, as {@link NemotronChatEngine#open(Path, LoadOptions, ServingOptions)} does. */
    @FunctionalInterface
    interface Loader {

        ChatEngine open(Path model, LoadOptions options, ServingOptions serving);
    }
}
