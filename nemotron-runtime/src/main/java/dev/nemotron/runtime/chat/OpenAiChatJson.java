package dev.nemotron.runtime.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads conversations and tools written in the OpenAI / transformers JSON form ({@code messages.json},
 * {@code tools.json}, template kwargs) into the chat records.
 *
 * <p>Tool-call arguments may be an object or, as the OpenAI wire format has it, a string holding a JSON object;
 * both become a map. A {@code null} content becomes the empty string, which the template treats alike.
 */
public final class OpenAiChatJson {

    /** Parses JSON text into maps, lists, strings, numbers and booleans; rejects anything after the value. */
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private OpenAiChatJson() {
    }

    /**
     * The messages of a JSON array of OpenAI messages.
     *
     * @throws IllegalArgumentException if the text is not such an array, naming the offending key
     */
    public static List<ChatMessage> messages(String json) {
        return messages(parse(json, "messages"));
    }

    /** The messages of an already parsed JSON array. */
    public static List<ChatMessage> messages(@Nullable Object parsed) {
        List<?> items = list(parsed, "messages");
        List<ChatMessage> result = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            result.add(message(map(items.get(i), "messages[" + i + "]"), "messages[" + i + "]"));
        }
        return result;
    }

    /**
     * The tools of a JSON array of {@code {type: "function", function: {...}}} entries (or bare functions);
     * {@code null} or an empty array gives none.
     */
    public static List<ToolDefinition> tools(String json) {
        return tools(parse(json, "tools"));
    }

    /** The tools of an already parsed JSON array, or none for {@code null}. */
    public static List<ToolDefinition> tools(@Nullable Object parsed) {
        if (parsed == null) {
            return List.of();
        }
        List<?> items = list(parsed, "tools");
        List<ToolDefinition> result = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            result.add(tool(map(items.get(i), "tools[" + i + "]"), "tools[" + i + "]"));
        }
        return result;
    }

    /** Template kwargs from a JSON object such as {@code {"truncate_history_thinking": false}}. */
    public static Map<String, Object> kwargs(String json) {
        return map(parse(json, "kwargs"), "kwargs");
    }

    /**
     * Parses one JSON value into maps, lists, strings, numbers, booleans or {@code null}.
     *
     * @throws IllegalArgumentException naming {@code what} if the text is not exactly one JSON value
     */
    static @Nullable Object parse(String json, String what) {
        try {
            return MAPPER.readValue(json, Object.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static ChatMessage message(Map<String, Object> json, String path) {
        String role = string(json, "role", path);
        String content = optionalString(json, "content", path);
        List<ToolCall> calls = new ArrayList<>();
        if (json.get("tool_calls") != null) {
            List<?> items = list(json.get("tool_calls"), path + ".tool_calls");
            for (int i = 0; i < items.size(); i++) {
                String callPath = path + ".tool_calls[" + i + "]";
                calls.add(toolCall(map(items.get(i), callPath), callPath));
            }
        }
        return new ChatMessage(role, content == null ? "" : content, optionalString(json, "reasoning_content", path),
                calls, optionalString(json, "tool_call_id", path), optionalString(json, "name", path));
    }

    private static ToolCall toolCall(Map<String, Object> json, String path) {
        String id = optionalString(json, "id", path);
        Map<String, Object> function = json.containsKey("function")
                ? map(json.get("function"), path + ".function") : json;
        String functionPath = json.containsKey("function") ? path + ".function" : path;
        Object arguments = function.get("arguments");
        String argumentsPath = functionPath + ".arguments";
        if (arguments instanceof String text) {
            arguments = parse(text, argumentsPath);
        }
        Map<String, Object> args = arguments == null ? Map.of() : map(arguments, argumentsPath);
        return new ToolCall(id == null ? "" : id, string(function, "name", functionPath), args);
    }

    private static ToolDefinition tool(Map<String, Object> json, String path) {
        Map<String, Object> function = json.containsKey("function")
                ? map(json.get("function"), path + ".function") : json;
        String functionPath = json.containsKey("function") ? path + ".function" : path;
        String description = optionalString(function, "description", functionPath);
        Object parameters = function.get("parameters");
        return new ToolDefinition(string(function, "name", functionPath), description == null ? "" : description,
                parameters == null ? Map.of() : map(parameters, functionPath + ".parameters"));
    }

    private static String string(Map<String, Object> json, String key, String path) {
        String value = optionalString(json, key, path);
        if (value == null) {
            throw new IllegalArgumentException(path + "." + key + " is missing");
        }
        return value;
    }

    private static @Nullable String optionalString(Map<String, Object> json, String key, String path) {
        Object value = json.get(key);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new IllegalArgumentException(path + "." + key + " must be a string, not " + value);
    }

    private static List<?> list(@Nullable Object value, String path) {
        if (value instanceof List<?> list) {
            return list;
        }
        throw new IllegalArgumentException(path + " must be a JSON array");
    }

    private static Map<String, Object> map(@Nullable Object value, String path) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(path + " must be a JSON object");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        map.forEach((key, item) -> result.put((String) key, item));
        return result;
    }
}
