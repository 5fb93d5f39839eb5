package dev.nemotron.runtime.chat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The Nemotron 3 chat format on the prompt side: turns a {@link ChatRequest} into the variables the model's chat
 * template is rendered with, exactly as Hugging Face transformers' {@code apply_chat_template} hands them over.
 *
 * <p>Messages and tools take the OpenAI / transformers JSON form (maps, lists, strings, numbers, booleans).
 * Tool-call arguments are passed as objects, because the template iterates them with {@code |items}. A tool whose
 * description is empty gets no {@code description} key, so the template leaves out its {@code <description>}
 * line, as it does for an OpenAI tool without one.
 *
 * <p>The template's own defaults ({@code enable_thinking} and {@code truncate_history_thinking} true) are set
 * explicitly, so the variables say what the template will do.
 */
public final class NemotronChatFormat {

    /** Opens the reasoning block. */
    public static final String THINK_OPEN = "<think>";
    /** Closes the reasoning block. */
    public static final String THINK_CLOSE = "</think>";
    /** Opens each message of the conversation (a control token). */
    public static final String MESSAGE_START = "<|im_start|>";

    /** The template variable that switches reasoning on or off. */
    public static final String ENABLE_THINKING = "enable_thinking";
    /** The template variable that drops the reasoning of assistant turns before the last user turn. */
    public static final String TRUNCATE_HISTORY_THINKING = "truncate_history_thinking";

    /** Variables transformers sets itself; a request's kwargs must not name them. */
    private static final Set<String> RESERVED = Set.of("messages", "tools", "documents", "add_generation_prompt",
            "bos_token", "eos_token", "unk_token", "pad_token");

    private NemotronChatFormat() {
    }

    /** The template variables of {@code request} for a prompt that ends with the assistant's generation prompt. */
    public static Map<String, Object> templateVariables(ChatRequest request) {
        return templateVariables(request, true);
    }

    /**
     * The template variables of {@code request}: {@code messages}, {@code tools} ({@code null} when none),
     * {@code documents} ({@code null}), {@code add_generation_prompt}, the special-token strings, the thinking
     * switches and every further kwarg of the request.
     *
     * @throws IllegalArgumentException if a kwarg names a variable transformers sets itself, if
     *                                  {@code enable_thinking} is given as a kwarg that is not a boolean or disagrees
     *                                  with {@link ChatRequest#thinking()}, or if a value is not plain JSON data
     */
    public static Map<String, Object> templateVariables(ChatRequest request, boolean addGenerationPrompt) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("messages", messages(request.messages()));
        variables.put("tools", tools(request.tools()));
        variables.put("documents", null);
        variables.put("add_generation_prompt", addGenerationPrompt);
        variables.put("bos_token", "<s>");
        variables.put("eos_token", "<|im_end|>");
        variables.put("unk_token", "<unk>");
        variables.put("pad_token", "<unk>");
        variables.put(ENABLE_THINKING, request.thinking());
        variables.put(TRUNCATE_HISTORY_THINKING, true);
        for (Map.Entry<String, Object> kwarg : request.templateKwargs().entrySet()) {
            variables.put(kwarg.getKey(), checkedKwarg(kwarg.getKey(), kwarg.getValue(), request.thinking()));
        }
        return Collections.unmodifiableMap(variables);
    }

    /** The messages in the OpenAI / transformers form. */
    public static List<Map<String, Object>> messages(List<ChatMessage> messages) {
        List<Map<String, Object>> result = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            result.add(message(messages.get(i), "messages[" + i + "]"));
        }
        return Collections.unmodifiableList(result);
    }

    /** The tools as {@code [{type: "function", function: {name, description, parameters}}]}, {@code null} for none. */
    public static @Nullable List<Map<String, Object>> tools(List<ToolDefinition> tools) {
        if (tools.isEmpty()) {
            return null;
        }
        List<Map<String, Object>> result = new ArrayList<>(tools.size());
        for (int i = 0; i < tools.size(); i++) {
            ToolDefinition tool = tools.get(i);
            Map<String, Object> function = new LinkedHashMap<>();
            function.put("name", tool.name());
            if (!tool.description().isEmpty()) {
                function.put("description", tool.description());
            }
            function.put("parameters", plain(tool.parameters(), "tools[" + i + "].function.parameters"));
            result.add(typedFunction(function));
        }
        return Collections.unmodifiableList(result);
    }

    /**
     * Whether the model's output starts inside a reasoning block: the rendered prompt opened {@code <think>} and
     * did not close it, as the generation prompt does with thinking on.
     */
    public static boolean generationStartsInReasoning(String renderedPrompt) {
        int open = renderedPrompt.lastIndexOf(THINK_OPEN);
        return open >= 0 && renderedPrompt.indexOf(THINK_CLOSE, open) < 0;
    }

    /**
     * A parser for the completion of {@code request} whose prompt was {@code renderedPrompt}: it starts inside
     * the reasoning when thinking is on and the prompt left {@code <think>} open, and types tool-call arguments
     * by the request's tools.
     */
    public static NemotronOutputParser outputParser(ChatRequest request, String renderedPrompt,
            ChatListener listener) {
        boolean startsInReasoning = request.thinking() && generationStartsInReasoning(renderedPrompt);
        return new NemotronOutputParser(request.tools(), startsInReasoning, listener);
    }

    private static Map<String, Object> message(ChatMessage message, String path) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("role", message.role());
        result.put("content", message.content());
        if (message.reasoningContent() != null) {
            result.put("reasoning_content", message.reasoningContent());
        }
        if (!message.toolCalls().isEmpty()) {
            List<Map<String, Object>> calls = new ArrayList<>();
            for (int i = 0; i < message.toolCalls().size(); i++) {
                calls.add(toolCall(message.toolCalls().get(i), path + ".tool_calls[" + i + "]"));
            }
            result.put("tool_calls", Collections.unmodifiableList(calls));
        }
        if (message.toolCallId() != null) {
            result.put("tool_call_id", message.toolCallId());
        }
        if (message.name() != null) {
            result.put("name", message.name());
        }
        return Collections.unmodifiableMap(result);
    }

    private static Map<String, Object> toolCall(ToolCall call, String path) {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", call.name());
        function.put("arguments", plain(call.arguments(), path + ".function.arguments"));
        Map<String, Object> result = typedFunction(function);
        if (call.id().isEmpty()) {
            return result;
        }
        Map<String, Object> withId = new LinkedHashMap<>();
        withId.put("id", call.id());
        withId.putAll(result);
        return Collections.unmodifiableMap(withId);
    }

    private static Map<String, Object> typedFunction(Map<String, Object> function) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("type", "function");
        result.put("function", Collections.unmodifiableMap(function));
        return Collections.unmodifiableMap(result);
    }

    private static @Nullable Object checkedKwarg(String key, @Nullable Object value, boolean thinking) {
        if (RESERVED.contains(key)) {
            throw new IllegalArgumentException("template kwarg '" + key + "' is set by the chat format itself");
        }
        if (key.equals(ENABLE_THINKING) && !Boolean.valueOf(thinking).equals(value)) {
            throw new IllegalArgumentException("template kwarg 'enable_thinking' = " + value
                    + " contradicts the request's thinking = " + thinking + "; set only ChatRequest.thinking");
        }
        return plain(value, "kwargs." + key);
    }

    /**
     * Checks that {@code value} is JSON data the sandboxed template may see, and returns it unchanged.
     *
     * @throws IllegalArgumentException naming {@code path} for anything else
     */
    static @Nullable Object plain(@Nullable Object value, String path) {
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                plain(list.get(i), path + "[" + i + "]");
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> {
                if (!(key instanceof String name)) {
                    throw new IllegalArgumentException(path + " has a non-string key: " + key);
                }
                plain(item, path + "." + name);
            });
        } else if (value != null && !(value instanceof String) && !(value instanceof Boolean) && !isJsonNumber(value)) {
            throw new IllegalArgumentException(
                    path + " is a " + value.getClass().getName() + "; only JSON data reaches the chat template");
        }
        return value;
    }

    private static boolean isJsonNumber(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof Double || value instanceof Float || value instanceof BigInteger
                || value instanceof BigDecimal;
    }
}
