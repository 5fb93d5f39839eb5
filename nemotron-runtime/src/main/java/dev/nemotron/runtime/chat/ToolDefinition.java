package dev.nemotron.runtime.chat;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tool offered to the model, rendered into the prompt by the chat template.
 *
 * @param name        the function's name
 * @param description what it does, for the model
 * @param parameters  its JSON schema as parsed JSON (maps, lists, strings, numbers, booleans), key order kept
 */
public record ToolDefinition(String name, String description, Map<String, Object> parameters) {

    public ToolDefinition {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }
}
