package dev.nemotron.runtime.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.nemotron.runtime.chat.ChatMessage;
import dev.nemotron.runtime.chat.ChatRequest;
import dev.nemotron.runtime.chat.NemotronChatFormat;
import dev.nemotron.runtime.chat.OpenAiChatJson;
import dev.nemotron.runtime.chat.ToolDefinition;
import dev.nemotron.runtime.generate.GenerationOptions;
import picocli.CommandLine.Option;

/** The options that describe a conversation for the chat template, in the OpenAI / transformers JSON form. */
final class ChatInput {

    @Option(names = "--messages", paramLabel = "FILE",
            description = "The conversation: a JSON array of OpenAI / transformers messages.")
    @Nullable Path messages;

    @Option(names = "--tools", paramLabel = "FILE", description = "The tools offered: a JSON array of OpenAI tools.")
    @Nullable Path tools;

    @Option(names = "--no-think", description = "Turn reasoning off (the template's enable_thinking = false).")
    boolean noThink;

    @Option(names = "--kwargs", paramLabel = "JSON",
            description = "Further template variables, as in '{\"truncate_history_thinking\": false}'.")
    @Nullable String kwargs;

    /** Whether any of these options was given. */
    boolean given() {
        return messages != null || tools != null || noThink || kwargs != null;
    }

    /**
     * The request: the conversation of {@code --messages}, or {@code prompt} as one user message.
     *
     * @throws IllegalArgumentException if both or neither are given, or a file is not the JSON it should be
     */
    ChatRequest request(@Nullable String prompt, GenerationOptions options) {
        if (prompt != null && messages != null) {
            throw new IllegalArgumentException("give --prompt or --messages, not both");
        }
        if (prompt == null && messages == null) {
            throw new IllegalArgumentException("--messages is required");
        }
        List<ChatMessage> conversation = prompt != null ? List.of(ChatMessage.user(prompt))
                : OpenAiChatJson.messages(read(messages));
        List<ToolDefinition> offered = tools != null ? OpenAiChatJson.tools(read(tools)) : List.of();
        Map<String, Object> variables = kwargs != null ? OpenAiChatJson.kwargs(kwargs) : Map.of();
        return new ChatRequest(conversation, offered, thinking(variables), variables, options);
    }

    /** On unless {@code --no-think}; an {@code enable_thinking} kwarg decides when the flag is absent. */
    private boolean thinking(Map<String, Object> variables) {
        Object kwarg = variables.get(NemotronChatFormat.ENABLE_THINKING);
        return !noThink && (!(kwarg instanceof Boolean on) || on);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
