package dev.nemotron.spring.ai;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nemotron.runtime.chat.ChatEngine;
import dev.nemotron.runtime.model.LoadOptions;

/**
 * Loads models through the runtime's chat engine, {@value #LOADER_CLASS}{@code .open(Path, LoadOptions)}; the
 * runtime logs the loaded model in one info line. The chat engine is looked up by name so that the starter builds
 * against runtimes that do not ship it yet; without it, loading fails with a message saying so.
 *
 * <p>{@link LoadOptions} carries one KV codec for keys and values and no bit width, so settings that differ
 * between keys and values, or that choose a bit width, are refused here with a message naming the property.
 */
public final class RuntimeChatEngineFactory implements ChatEngineFactory {

    /** Class of the runtime's chat engine. */
    public static final String LOADER_CLASS = "dev.nemotron.runtime.chat.NemotronChatEngine";

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeChatEngineFactory.class);

    private final String loaderClass;

    public RuntimeChatEngineFactory() {
        this(LOADER_CLASS);
    }

    RuntimeChatEngineFactory(String loaderClass) {
        this.loaderClass = loaderClass;
    }

    @Override
    public ChatEngine load(EngineSettings settings) {
        LoadOptions options = loadOptions(settings);
        Method loader = loader();
        long start = System.nanoTime();
        ChatEngine engine = invoke(loader, settings.model(), options);
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

    private Method loader() {
        try {
            return Class.forName(this.loaderClass, true, RuntimeChatEngineFactory.class.getClassLoader())
                .getMethod("open", Path.class, LoadOptions.class);
        }
        catch (ClassNotFoundException | NoSuchMethodException ex) {
            throw new IllegalStateException("The nemotron-runtime on the class path has no chat engine ("
                    + this.loaderClass + ".open(Path, LoadOptions)); use a runtime that has one, or declare a "
                    + ChatEngineFactory.class.getName() + " bean", ex);
        }
    }

    private ChatEngine invoke(Method loader, Path model, LoadOptions options) {
        try {
            return (ChatEngine) loader.invoke(null, model, options);
        }
        catch (InvocationTargetException ex) {
            if (ex.getCause() instanceof RuntimeException runtimeException) {
                throw runtimeException;
            }
            throw new IllegalStateException("Loading " + model + " failed: " + ex.getCause(), ex);
        }
        catch (IllegalAccessException ex) {
            throw new IllegalStateException(this.loaderClass + ".open is not accessible", ex);
        }
    }
}
