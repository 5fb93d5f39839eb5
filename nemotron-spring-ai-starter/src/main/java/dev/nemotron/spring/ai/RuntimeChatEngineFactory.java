package dev.nemotron.spring.ai;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nemotron.runtime.chat.ChatEngine;

/**
 * Loads models through the runtime's loader, {@value #LOADER_CLASS}{@code .load(Path, Map)}, and logs one line
 * per loaded model. The loader is looked up by name so that the starter builds against runtimes that do not
 * ship it yet; without it, loading fails with a message saying so.
 *
 * <p>The map handed to the loader holds {@code kv-cache.key-codec}, {@code kv-cache.value-codec} and, when set,
 * {@code kv-cache.bits}, {@code context-length} and {@code threads}, named as the properties are.
 */
public final class RuntimeChatEngineFactory implements ChatEngineFactory {

    /** Class of the runtime's loader. */
    public static final String LOADER_CLASS = "dev.nemotron.runtime.chat.ChatEngines";

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
        Method loader = loader();
        long start = System.nanoTime();
        ChatEngine engine = invoke(loader, settings);
        LOG.info("Loaded {} from {} in {} ms", engine.describe(), settings.model(),
                (System.nanoTime() - start) / 1_000_000);
        return engine;
    }

    private Method loader() {
        try {
            return Class.forName(this.loaderClass, true, RuntimeChatEngineFactory.class.getClassLoader())
                .getMethod("load", Path.class, Map.class);
        }
        catch (ClassNotFoundException | NoSuchMethodException ex) {
            throw new IllegalStateException("The nemotron-runtime on the class path has no model loader ("
                    + this.loaderClass + ".load(Path, Map)); use a runtime that has one, or declare a "
                    + ChatEngineFactory.class.getName() + " bean", ex);
        }
    }

    private ChatEngine invoke(Method loader, EngineSettings settings) {
        try {
            return (ChatEngine) loader.invoke(null, settings.model(), loaderSettings(settings));
        }
        catch (InvocationTargetException ex) {
            if (ex.getCause() instanceof RuntimeException runtimeException) {
                throw runtimeException;
            }
            throw new IllegalStateException("Loading " + settings.model() + " failed: " + ex.getCause(), ex);
        }
        catch (IllegalAccessException ex) {
            throw new IllegalStateException(this.loaderClass + ".load is not accessible", ex);
        }
    }

    private static Map<String, Object> loaderSettings(EngineSettings settings) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("kv-cache.key-codec", settings.keyCodec());
        map.put("kv-cache.value-codec", settings.valueCodec());
        putIfSet(map, "kv-cache.bits", settings.kvBits());
        putIfSet(map, "context-length", settings.contextLength());
        putIfSet(map, "threads", settings.threads());
        return map;
    }

    private static void putIfSet(Map<String, Object> map, String key, @Nullable Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
