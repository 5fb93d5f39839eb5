package dev.nemotron.runtime.serve;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import dev.nemotron.runtime.generate.GenerationOptions;
import dev.nemotron.runtime.generate.GenerationResult;
import dev.nemotron.runtime.generate.Generator;
import dev.nemotron.runtime.generate.StopReason;
import dev.nemotron.runtime.model.NemotronModel;
import dev.nemotron.runtime.model.SequenceState;

/**
 * Runs each generation in a sequence of its own that is freed the moment the generation returns (finished,
 * stopped, cancelled or failed), resuming from the {@link PrefixCache} where the prompt allows.
 *
 * <p>Snapshots are taken at two positions: the prompt boundary the caller names (for a chat, the end of the
 * messages before the new assistant turn, which the next turn's prompt repeats) and the end of a turn that
 * finished with an end-of-generation token (prompt plus the generated tokens fed back, which the next prompt
 * repeats when it renders the answer as it was generated). Splitting the prefill at the boundary computes the
 * same values as one batch: every kernel treats each token's row alike whatever the batch size, so a resumed
 * run equals a fresh one bit for bit (checked by the tests on the golden models).
 */
public final class ServingGenerator implements AutoCloseable {

    private final NemotronModel model;
    private final Generator generator;
    private final PrefixCache prefixes;
    private final Set<SequenceState> open = ConcurrentHashMap.newKeySet();

    public ServingGenerator(NemotronModel model, Generator generator, long prefixCacheBytes) {
        this.model = model;
        this.generator = generator;
        this.prefixes = new PrefixCache(prefixCacheBytes);
    }

    /**
     * Continues {@code prompt} in a new sequence, restored from the longest snapshot that matches it.
     *
     * @param boundary a prompt position worth a snapshot, or 0 for none
     * @param text     receives the generated text as it becomes final
     * @param cancelled polled once per generated token
     */
    public ServedGeneration generate(int[] prompt, int boundary, GenerationOptions options, Consumer<String> text,
            BooleanSupplier cancelled) {
        PrefixCache.Restored restored = prefixes.restore(prompt);
        SequenceState sequence = restored != null ? restored.sequence() : model.newSequence();
        int cached = restored != null ? restored.tokens() : 0;
        open.add(sequence);
        try {
            long start = System.nanoTime();
            int computed = cached;
            if (prefixes.enabled() && boundary > cached && boundary < prompt.length) {
                model.forward(sequence, prompt, cached, boundary - cached);
                prefixes.save(prompt, boundary, sequence);
                computed = boundary;
            }
            long toBoundary = System.nanoTime() - start;
            GenerationResult result = generator.generate(sequence, prompt, computed, options, text, cancelled);
            if (result.stopReason() == StopReason.END_OF_GENERATION) {
                saveTurn(prompt, result.tokens(), sequence);
            }
            return new ServedGeneration(new GenerationResult(result.tokens(), result.text(), result.stopReason(),
                    result.promptTokens(), result.prefillNanos() + toBoundary, result.decodeNanos()), cached);
        } finally {
            open.remove(sequence);
            sequence.close();
        }
    }

    /** The sequence holds the prompt and the generated tokens fed back: all but the last one sampled. */
    private void saveTurn(int[] prompt, int[] generated, SequenceState sequence) {
        int fed = sequence.position() - prompt.length;
        int[] tokens = Arrays.copyOf(prompt, sequence.position());
        System.arraycopy(generated, 0, tokens, prompt.length, fed);
        prefixes.save(tokens, tokens.length, sequence);
    }

    /** Sequences open now and their bytes, and the prefix cache's snapshots and bytes. */
    public ServingStats stats(Admission admission) {
        long bytes = open.stream().mapToLong(SequenceState::bytes).sum();
        return new ServingStats(admission.active(), admission.waiting(), open.size(), bytes, prefixes.size(),
                prefixes.bytes());
    }

    /** Frees the snapshots; call once no generation runs. */
    @Override
    public void close() {
        prefixes.close();
    }
}
