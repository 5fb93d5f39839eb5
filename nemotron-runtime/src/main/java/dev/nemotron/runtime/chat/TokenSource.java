package dev.nemotron.runtime.chat;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import dev.nemotron.runtime.generate.GenerationOptions;
import dev.nemotron.runtime.generate.GenerationResult;

/**
 * Where a chat completion's tokens come from: the model's generation loop in a fresh sequence, or a scripted
 * stream in tests of what the engine does with the text.
 */
@FunctionalInterface
interface TokenSource {

    /**
     * Continues {@code prompt}, passing each token's text to {@code text} and asking {@code cancelled} after each
     * token whether to go on.
     */
    GenerationResult generate(int[] prompt, GenerationOptions options, Consumer<String> text,
            BooleanSupplier cancelled);
}
