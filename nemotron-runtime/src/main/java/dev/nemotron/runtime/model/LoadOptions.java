package dev.nemotron.runtime.model;

import dev.nemotron.runtime.parallel.ComputePool;

/**
 * How to load a model.
 *
 * @param threads       compute threads, the calling thread included
 * @param kvCodec       KV cache codec id, as in {@code f16} or {@code f32}
 * @param contextLength tokens a sequence may hold; 0 takes the model's trained context
 * @param reference     compute with F32 activations on dequantized weights instead of llama.cpp's rounding
 */
public record LoadOptions(int threads, String kvCodec, int contextLength, boolean reference) {

    public LoadOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (contextLength < 0) {
            throw new IllegalArgumentException("contextLength must not be negative, got " + contextLength);
        }
    }

    /** Default threads, an F16 KV cache as llama.cpp's default, a 4096-token context, llama.cpp numerics. */
    public static LoadOptions defaults() {
        return new LoadOptions(ComputePool.defaultThreads(), "f16", 4096, false);
    }

    public LoadOptions withThreads(int threads) {
        return new LoadOptions(threads, kvCodec, contextLength, reference);
    }

    public LoadOptions withKvCodec(String kvCodec) {
        return new LoadOptions(threads, kvCodec, contextLength, reference);
    }

    public LoadOptions withContextLength(int contextLength) {
        return new LoadOptions(threads, kvCodec, contextLength, reference);
    }

    public LoadOptions withReference(boolean reference) {
        return new LoadOptions(threads, kvCodec, contextLength, reference);
    }
}
