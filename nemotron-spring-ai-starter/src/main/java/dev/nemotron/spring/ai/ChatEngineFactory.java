package dev.nemotron.spring.ai;

import dev.nemotron.runtime.chat.ChatEngine;

/**
 * Loads the model an application chats with. The auto-configuration calls it once per application context and
 * closes the engine on shutdown; declare a bean of this type to load models another way.
 */
@FunctionalInterface
public interface ChatEngineFactory {

    /**
     * Loads the model of {@code settings}.
     *
     * @throws RuntimeException if the model cannot be loaded, with a message naming the file and the problem
     */
    ChatEngine load(EngineSettings settings);
}
