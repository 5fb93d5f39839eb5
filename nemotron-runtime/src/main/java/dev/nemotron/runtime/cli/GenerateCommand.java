package dev.nemotron.runtime.cli;

import java.io.PrintWriter;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.nemotron.runtime.chat.ChatResult;
import dev.nemotron.runtime.chat.ChatUsage;
import dev.nemotron.runtime.chat.NemotronChatEngine;
import dev.nemotron.runtime.generate.GenerationOptions;
import dev.nemotron.runtime.generate.GenerationResult;
import dev.nemotron.runtime.generate.Generator;
import dev.nemotron.runtime.model.NemotronModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code generate}: streams the continuation of a raw prompt to stdout, timings to stderr; with {@code --chat} the
 * prompt (or a conversation) goes through the model's chat template and reasoning, answer and tool calls are
 * printed apart.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Continue a raw prompt, or with --chat answer it through the model's chat template; text to "
                + "stdout, timings to stderr.")
final class GenerateCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--prompt", paramLabel = "TEXT", description = "Prompt text; with --chat one user message.")
    @Nullable String prompt;

    @Option(names = "--chat", description = "Render through the chat template; print reasoning and answer apart.")
    boolean chat;

    @Mixin
    ChatInput chatInput;

    @Option(names = "--temperature", paramLabel = "T",
            description = "Sampling temperature; 0 is greedy (default 0.8; with --chat 1.0, or 0.6 with tools).")
    @Nullable Double temperature;

    @Option(names = "--top-p", paramLabel = "P",
            description = "Nucleus mass (default 0.95; with --chat 1.0, or 0.95 with tools).")
    @Nullable Double topP;

    @Option(names = "--top-k", paramLabel = "K",
            description = "Keep the K most likely tokens (default 40; with --chat 0, all).")
    @Nullable Integer topK;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for reproducible sampling.")
    @Nullable Long seed;

    @Option(names = "--max-tokens", paramLabel = "N", description = "Generated-token limit (default 128).")
    int maxTokens = 128;

    @Option(names = "--stop", paramLabel = "TEXT", description = "Stop sequence (repeatable).")
    List<String> stops = List.of();

    @Override
    public void run() {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("--max-tokens must be at least 1, got " + maxTokens);
        }
        GenerationOptions options = new GenerationOptions(temperature, topP, topK, null, maxTokens, stops, seed,
                null, null, null);
        if (chat) {
            runChat(options);
        } else if (chatInput.given()) {
            throw new IllegalArgumentException("--messages, --tools, --no-think and --kwargs need --chat");
        } else if (prompt == null) {
            throw new IllegalArgumentException("--prompt is required");
        } else {
            runRaw(prompt, options);
        }
    }

    private void runRaw(String text, GenerationOptions options) {
        PrintWriter out = spec.commandLine().getOut();
        long start = System.nanoTime();
        try (NemotronModel model = NemotronModel.load(modelOptions.model.path, modelOptions.loadOptions())) {
            long loaded = System.nanoTime();
            int[] ids = model.tokenizer().encode(text, true, true);
            GenerationResult result = new Generator(model, model.vocabulary()).generate(ids, options, piece -> {
                out.print(piece);
                out.flush();
            });
            out.println();
            out.flush();
            printTimings(loaded - start, result.promptTokens(), result.prefillNanos(), result.tokens().length,
                    result.decodeNanos(), "stop: " + result.stopReason());
        }
    }

    private void runChat(GenerationOptions options) {
        ChatPrinter printer = new ChatPrinter(spec.commandLine().getOut());
        long start = System.nanoTime();
        try (NemotronChatEngine engine = NemotronChatEngine.open(modelOptions.model.path,
                modelOptions.loadOptions())) {
            long loaded = System.nanoTime();
            ChatResult result = engine.chat(chatInput.request(prompt, options), printer);
            printer.finish();
            ChatUsage usage = result.usage();
            printTimings(loaded - start, usage.promptTokens(), usage.promptDuration().toNanos(),
                    usage.completionTokens(), usage.generationDuration().toNanos(), "finish: " + result.finishReason());
        }
    }

    private void printTimings(long loadNanos, int promptTokens, long promptNanos, int generatedTokens,
            long generationNanos, String ending) {
        PrintWriter err = spec.commandLine().getErr();
        err.printf("load %.0f ms | prompt %d tokens, %.1f ms (%.1f tok/s) | generated %d tokens, %.1f ms "
                + "(%.1f tok/s) | %s%n", loadNanos / 1e6, promptTokens, promptNanos / 1e6,
                perSecond(promptTokens, promptNanos), generatedTokens, generationNanos / 1e6,
                perSecond(generatedTokens, generationNanos), ending);
        err.flush();
    }

    private static double perSecond(int tokens, long nanos) {
        return nanos > 0 ? tokens * 1e9 / nanos : 0;
    }
}
