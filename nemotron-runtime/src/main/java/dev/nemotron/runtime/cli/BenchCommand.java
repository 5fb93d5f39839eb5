package dev.nemotron.runtime.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.nemotron.runtime.model.LoadOptions;
import dev.nemotron.runtime.model.NemotronModel;
import dev.nemotron.runtime.model.SequenceState;
import dev.nemotron.runtime.parallel.ComputePool;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code bench}: prefill and decode speed, measured as llama-bench measures them. {@code pp<N>} feeds N random
 * tokens as one batch to an empty sequence (logits of the last one); {@code tg<N>} decodes N tokens one at a time,
 * each fed the previous one's greedy choice, from an empty sequence or from one pre-filled to {@code --context}
 * positions of synthetic keys and values. With {@code --parallel N}, N sequences decode together and the
 * aggregate rate is reported; the engine has no batched decode across sequences yet, so they take turns token by
 * token. Each test runs once untimed, then {@code --repetitions} times.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure prefill (pp) and decode (tg) tokens/s, llama-bench style.")
final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ModelFile model;

    @Option(names = "--prompt-tokens", split = ",", paramLabel = "N", description = "Prefill sizes (default 64).")
    int[] promptTokens = {64};

    @Option(names = "--gen-tokens", paramLabel = "N", description = "Decoded tokens per run (default 32).")
    int genTokens = 32;

    @Option(names = "--threads", paramLabel = "N", description = "Compute threads (default: available processors).")
    int threads = ComputePool.defaultThreads();

    @Option(names = "--repetitions", paramLabel = "R", description = "Timed runs per test (default 5).")
    int repetitions = 5;

    @CommandLine.Mixin
    KvOptions kv;

    @Option(names = "--context", paramLabel = "N",
            description = "Decode after N positions of synthetic KV cache (default 0: from an empty sequence).")
    int context;

    @Option(names = "--parallel", paramLabel = "N", description = "Sequences decoding together (default 1).")
    int parallel = 1;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    /** One row of the result table. */
    record Result(String test, int tokens, double mean, double stddev, List<Double> samples) {
    }

    @Override
    public void run() {
        if (repetitions < 1 || parallel < 1 || genTokens < 0 || context < 0) {
            throw new IllegalArgumentException("--repetitions and --parallel must be at least 1, "
                    + "--gen-tokens and --context not negative");
        }
        int longestPrompt = 0;
        for (int n : promptTokens) {
            longestPrompt = Math.max(longestPrompt, n);
        }
        int contextLength = Math.max(longestPrompt, context + genTokens + 1) + 8;
        LoadOptions options = loadOptions(contextLength);
        List<Result> results = new ArrayList<>();
        try (NemotronModel loaded = NemotronModel.load(model.path, options)) {
            for (int n : promptTokens) {
                if (n > 0) {
                    results.add(measure("pp" + n, n, () -> prefill(loaded, n)));
                }
            }
            if (genTokens > 0) {
                String name = "tg" + genTokens + (context > 0 ? "@" + context : "")
                        + (parallel > 1 ? " x" + parallel : "");
                results.add(measure(name, genTokens * parallel, () -> decode(loaded)));
            }
        }
        print(results);
    }

    private Result measure(String test, int tokens, Timed run) {
        run.seconds();
        List<Double> samples = new ArrayList<>();
        for (int r = 0; r < repetitions; r++) {
            samples.add(tokens / run.seconds());
        }
        double mean = samples.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double squares = samples.stream().mapToDouble(s -> (s - mean) * (s - mean)).sum();
        double stddev = samples.size() > 1 ? Math.sqrt(squares / (samples.size() - 1)) : 0;
        return new Result(test, tokens, mean, stddev, samples);
    }

    /** A timed run, in seconds. */
    @FunctionalInterface
    private interface Timed {
        double seconds();
    }

    private static double prefill(NemotronModel model, int n) {
        SplittableRandom random = new SplittableRandom(n);
        int[] tokens = new int[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = random.nextInt(300, model.vocabSize());
        }
        SequenceState sequence = model.newSequence();
        float[] logits = new float[model.vocabSize()];
        long start = System.nanoTime();
        model.forward(sequence, tokens, 0, n, logits, false);
        return (System.nanoTime() - start) / 1e9;
    }

    private double decode(NemotronModel model) {
        SequenceState[] sequences = new SequenceState[parallel];
        int[][] next = new int[parallel][];
        for (int s = 0; s < parallel; s++) {
            sequences[s] = model.newSequence();
            if (context > 0) {
                model.fillSyntheticContext(sequences[s], context, s);
            }
            next[s] = new int[] {1 + s};
        }
        float[] logits = new float[model.vocabSize()];
        long start = System.nanoTime();
        for (int t = 0; t < genTokens; t++) {
            for (int s = 0; s < parallel; s++) {
                model.forward(sequences[s], next[s], 0, 1, logits, false);
                next[s][0] = argmax(logits);
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    private LoadOptions loadOptions(int contextLength) {
        return new LoadOptions(threads, kv.keyCodec(), kv.valueCodec(), kv.kvBits, contextLength, false);
    }

    private void print(List<Result> results) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("engine", "nemotron");
            report.put("model", model.path.toString());
            report.put("threads", threads);
            report.put("kv_codec", loadOptions(0).kvCacheDescription());
            report.put("context", context);
            report.put("parallel", parallel);
            Map<String, Object> tests = new LinkedHashMap<>();
            for (Result r : results) {
                tests.put(r.test(), Map.of("mean", r.mean(), "stddev", r.stddev(), "samples", r.samples()));
            }
            report.put("tests", tests);
            out.println(JsonMapper.builder().build().writeValueAsString(report));
        } else {
            out.printf("| %-40s | %7s | %-8s | %-16s | %20s |%n", "model", "threads", "kv", "test", "t/s");
            out.printf("| %s | %s | %s | %s | %s |%n", "-".repeat(40), "-".repeat(7), "-".repeat(8),
                    "-".repeat(16), "-".repeat(20));
            String name = model.path.getFileName().toString();
            String kvCodec = loadOptions(0).kvCacheDescription();
            for (Result r : results) {
                out.printf("| %-40s | %7d | %-8s | %-16s | %12.2f ± %5.2f |%n", name, threads, kvCodec, r.test(),
                        r.mean(), r.stddev());
            }
        }
        out.flush();
    }
}
