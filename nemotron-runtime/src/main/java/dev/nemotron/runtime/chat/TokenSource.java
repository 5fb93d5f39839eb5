package dev.nemotron.runtime.chat;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import dev.nemotron.runtime.generate.GenerationOptions;
import dev.nemotron.runtime.generate.GenerationResult;
import dev.nemotron.runtime.serve.Admission;
import dev.nemotron.runtime.serve.ServedGeneration;
import dev.nemotron.runtime.serve.ServingStats;

/**
 * Where a chat completion's tokens come from: the model's generation loop in a sequence of its own (resumed from
 * the prefix cache where it can), or a scripted stream in tests of what the engine does with the text.
 */
@FunctionalInterface
interface TokenSource extends AutoCloseable {

    /**
     * Continues {@code prompt}, passing each token's text to {@code text} and asking {@code cancelled} after each
     * token whether to go on.
     */
    GenerationResult generate(int[] prompt, GenerationOptions options, Consumer<String> text,
            BooleanSupplier cancelled);

    /**
     * As {@link #generate}, told a prompt position worth a snapshot for later requests ({@code 0} for none), and
     * reporting how many prompt tokens were restored instead of computed; a source without a prefix cache
     * restores none.
     */
    default ServedGeneration serve(int[] prompt, int boundary, GenerationOptions options, Consumer<String> text,
            BooleanSupplier cancelled) {
        return new ServedGeneration(generate(prompt, options, text, cancelled), 0);
    }

    /** What the source holds now, with the admission's counts; a source without state holds nothing. */
    default ServingStats stats(Admission admission) {
        return new ServingStats(admission.active(), admission.waiting(), 0, 0, 0, 0);
    }

    /** Frees what the source keeps between requests; called once no request runs. */
    @Override
    default void close() {
    }
}
