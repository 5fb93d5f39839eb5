package dev.nemotron.runtime.chat;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A call of a tool, as the model wrote it or as the history hands it back to the template.
 *
 * @param id        an id unique within the conversation
 * @param name      the function's name
 * @param arguments the arguments as a JSON object: strings, numbers, booleans, null, lists and maps, in the order
 *                  the model wrote them
 */
public record ToolCall(String id, String name, Map<String, Object> arguments) {

    public ToolCall {
        arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    }
}
