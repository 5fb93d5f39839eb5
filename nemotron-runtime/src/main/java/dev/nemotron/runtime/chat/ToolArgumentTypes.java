package dev.nemotron.runtime.chat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;

/**
 * Types the argument values of tool calls by the tools' JSON schemas. The model writes every value as text; a
 * parameter whose schema can only be a string keeps that text verbatim (multi-line code, quotes and all), any
 * other value is read as JSON, and text that is no JSON stays a string rather than being lost.
 */
final class ToolArgumentTypes {

    /** Bounds {@code $ref} chains, which a schema may make circular. */
    private static final int MAX_REF_DEPTH = 32;

    private final Map<String, Map<String, Object>> parametersByTool = new HashMap<>();

    ToolArgumentTypes(List<ToolDefinition> tools) {
        for (ToolDefinition tool : tools) {
            parametersByTool.put(tool.name(), tool.parameters());
        }
    }

    /** The value of argument {@code parameter} of {@code tool} that the model wrote as {@code text}. */
    @Nullable Object value(String tool, String parameter, String text) {
        if (isString(tool, parameter)) {
            return text;
        }
        String json = text.strip();
        if (json.isEmpty()) {
            return text;
        }
        try {
            return OpenAiChatJson.MAPPER.readValue(json, Object.class);
        } catch (JacksonException notJson) {
            return text;
        }
    }

    /** Whether the schema of {@code parameter} admits only strings (and perhaps null). */
    boolean isString(String tool, String parameter) {
        Map<String, Object> root = parametersByTool.get(tool);
        if (root == null || !(root.get("properties") instanceof Map<?, ?> properties)) {
            return false;
        }
        return resolvesToString(properties.get(parameter), root, 0);
    }

    private static boolean resolvesToString(@Nullable Object schema, Map<String, Object> root, int depth) {
        if (!(schema instanceof Map<?, ?> map) || depth > MAX_REF_DEPTH) {
            return false;
        }
        if (map.get("$ref") instanceof String ref) {
            return resolvesToString(resolve(ref, root), root, depth + 1);
        }
        Object type = map.get("type");
        if (type != null) {
            return type.equals("string") || (type instanceof List<?> types && onlyStrings(types));
        }
        if (map.get("enum") instanceof List<?> values) {
            return !values.isEmpty() && values.stream().allMatch(String.class::isInstance);
        }
        if (map.containsKey("const")) {
            return map.get("const") instanceof String;
        }
        for (String combinator : List.of("anyOf", "oneOf")) {
            if (map.get(combinator) instanceof List<?> branches) {
                return allBranchesString(branches, root, depth);
            }
        }
        if (map.get("allOf") instanceof List<?> branches) {
            return branches.stream().anyMatch(branch -> resolvesToString(branch, root, depth + 1));
        }
        return false;
    }

    private static boolean onlyStrings(List<?> types) {
        return types.contains("string") && types.stream().allMatch(t -> t.equals("string") || t.equals("null"));
    }

    private static boolean allBranchesString(List<?> branches, Map<String, Object> root, int depth) {
        boolean anyString = false;
        for (Object branch : branches) {
            if (branch instanceof Map<?, ?> map && "null".equals(map.get("type"))) {
                continue;
            }
            if (!resolvesToString(branch, root, depth + 1)) {
                return false;
            }
            anyString = true;
        }
        return anyString;
    }

    /** Follows a local JSON pointer such as {@code #/$defs/Unit}; anything else resolves to nothing. */
    private static @Nullable Object resolve(String ref, Map<String, Object> root) {
        if (!ref.startsWith("#")) {
            return null;
        }
        Object node = root;
        for (String step : ref.substring(1).split("/")) {
            if (step.isEmpty()) {
                continue;
            }
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(step.replace("~1", "/").replace("~0", "~"));
        }
        return node;
    }
}
