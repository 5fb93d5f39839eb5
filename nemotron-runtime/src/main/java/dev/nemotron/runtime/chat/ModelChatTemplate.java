package dev.nemotron.runtime.chat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.nemotron.runtime.gguf.GgufFile;
import dev.nemotron.runtime.gguf.GgufMetadata;
import dev.nemotron.runtime.template.ChatTemplate;
import dev.nemotron.runtime.template.TemplateException;

/**
 * The chat template a model ships with, parsed, and the prompts it renders for chat requests through
 * {@link NemotronChatFormat}.
 *
 * <p>A GGUF file carries the template under {@code tokenizer.chat_template}. An MLX / Hugging Face directory
 * carries it in {@code chat_template.jinja} or, in older exports, as the {@code chat_template} of
 * {@code tokenizer_config.json} (a string, or a list of named templates of which {@code default} is used); the
 * separate file wins when both exist, as in transformers.
 *
 * <p>Immutable; renders from several threads at once.
 */
public final class ModelChatTemplate {

    /** The GGUF metadata key of the template. */
    public static final String GGUF_KEY = "tokenizer.chat_template";

    private static final String JINJA_FILE = "chat_template.jinja";
    private static final String TOKENIZER_CONFIG = "tokenizer_config.json";

    private final String origin;
    private final ChatTemplate template;

    private ModelChatTemplate(String origin, String source) {
        this.origin = origin;
        try {
            this.template = ChatTemplate.parse(source);
        } catch (TemplateException e) {
            throw new IllegalArgumentException(origin + ": the chat template does not parse: " + e.getMessage(), e);
        }
    }

    /**
     * The template of the model at {@code model}: a GGUF file or an MLX / Hugging Face directory.
     *
     * @throws IllegalArgumentException naming the file and key if the model has no template or it does not parse
     * @throws UncheckedIOException     if a file cannot be read
     */
    public static ModelChatTemplate read(Path model) {
        if (Files.isDirectory(model)) {
            return fromDirectory(model);
        }
        try (GgufFile file = GgufFile.open(model)) {
            return fromGguf(file.metadata());
        }
    }

    /**
     * The template of a GGUF file's metadata.
     *
     * @throws IllegalArgumentException naming the file and key if it has no template or the template does not parse
     */
    public static ModelChatTemplate fromGguf(GgufMetadata metadata) {
        if (!(metadata.plain(GGUF_KEY) instanceof String source)) {
            throw new IllegalArgumentException(metadata.file() + " has no chat template (metadata key " + GGUF_KEY
                    + "); the chat engine needs the model's own template");
        }
        return new ModelChatTemplate(metadata.file() + " " + GGUF_KEY, source);
    }

    /** A template given as source text; {@code origin} names where it came from in messages. */
    public static ModelChatTemplate of(String origin, String source) {
        return new ModelChatTemplate(origin, source);
    }

    private static ModelChatTemplate fromDirectory(Path directory) {
        Path jinja = directory.resolve(JINJA_FILE);
        if (Files.isRegularFile(jinja)) {
            return new ModelChatTemplate(jinja.toString(), readString(jinja));
        }
        Path config = directory.resolve(TOKENIZER_CONFIG);
        if (!Files.isRegularFile(config)) {
            throw new IllegalArgumentException(directory + " has no chat template: neither " + JINJA_FILE + " nor "
                    + TOKENIZER_CONFIG + " exists");
        }
        Object json = OpenAiChatJson.parse(readString(config), config.toString());
        Object source = json instanceof Map<?, ?> map ? namedTemplate(map.get("chat_template")) : null;
        if (!(source instanceof String text)) {
            throw new IllegalArgumentException(config + " has no chat_template string (and " + JINJA_FILE
                    + " is absent); the chat engine needs the model's own template");
        }
        return new ModelChatTemplate(config + " chat_template", text);
    }

    /** The value itself, or from a list of {@code {name, template}} entries the one named {@code default}. */
    private static @Nullable Object namedTemplate(@Nullable Object value) {
        if (value instanceof List<?> named) {
            for (Object entry : named) {
                if (entry instanceof Map<?, ?> map && "default".equals(map.get("name"))) {
                    return map.get("template");
                }
            }
            return null;
        }
        return value;
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Where the template came from, as in {@code model.gguf tokenizer.chat_template}. */
    public String origin() {
        return origin;
    }

    /** The prompt of {@code request}, ending with the assistant's generation prompt. */
    public String render(ChatRequest request) {
        return render(request, true);
    }

    /**
     * The prompt of {@code request}, rendered with the variables {@link NemotronChatFormat#templateVariables}
     * gives.
     *
     * @throws IllegalArgumentException if the request has variables the format rejects, or the template raises an
     *                                  error for it (the template's own message and position included)
     */
    public String render(ChatRequest request, boolean addGenerationPrompt) {
        Map<String, Object> variables = NemotronChatFormat.templateVariables(request, addGenerationPrompt);
        try {
            return template.render(variables);
        } catch (TemplateException e) {
            throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
        }
    }
}
