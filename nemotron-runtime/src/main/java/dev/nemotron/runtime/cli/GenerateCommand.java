package dev.nemotron.runtime.cli;

import java.io.PrintWriter;
import java.util.List;

import dev.nemotron.runtime.generate.GenerationOptions;
import dev.nemotron.runtime.generate.GenerationResult;
import dev.nemotron.runtime.generate.Generator;
import dev.nemotron.runtime.model.NemotronModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code generate}: streams the continuation of a raw prompt to stdout, timings to stderr. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Continue a raw prompt (no chat template); text to stdout, timings to stderr.")
final class GenerateCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "Prompt text.")
    String prompt;

    @Option(names = "--temperature", paramLabel = "T", description = "Sampling temperature; 0 is greedy (default 0.8).")
    Double temperature;

    @Option(names = "--top-p", paramLabel = "P", description = "Nucleus mass (default 0.95).")
    Double topP;

    @Option(names = "--top-k", paramLabel = "K", description = "Keep the K most likely tokens (default 40).")
    Integer topK;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for reproducible sampling.")
    Long seed;

    @Option(names = "--max-tokens", paramLabel = "N", description = "Generated-token limit (default 128).")
    int maxTokens = 128;

    @Option(names = "--stop", paramLabel = "TEXT", description = "Stop sequence (repeatable).")
    List<String> stops = List.of();

    @Override
    public void run() {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("--max-tokens must be at least 1, got " + maxTokens);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        try (NemotronModel model = NemotronModel.load(modelOptions.model.path, modelOptions.loadOptions())) {
            long loaded = System.nanoTime();
            int[] ids = model.tokenizer().encode(prompt, true, true);
            GenerationOptions options = new GenerationOptions(temperature, topP, topK, null, maxTokens, stops, seed,
                    null, null, null);
            GenerationResult result = new Generator(model, model.vocabulary()).generate(ids, options, piece -> {
                out.print(piece);
                out.flush();
            });
            out.println();
            out.flush();
            err.printf("load %.0f ms | prompt %d tokens, %.1f ms (%.1f tok/s) | generated %d tokens, %.1f ms "
                    + "(%.1f tok/s) | stop: %s%n", (loaded - start) / 1e6, result.promptTokens(),
                    result.prefillNanos() / 1e6, result.prefillTokensPerSecond(), result.tokens().length,
                    result.decodeNanos() / 1e6, result.decodeTokensPerSecond(), result.stopReason());
            err.flush();
        }
    }
}
