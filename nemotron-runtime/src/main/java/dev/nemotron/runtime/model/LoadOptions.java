package dev.nemotron.runtime.model;

import dev.nemotron.runtime.kv.KvCodecs;
import dev.nemotron.runtime.parallel.ComputePool;

/**
 * How to load a model.
 *
 * @param threads       compute threads, the calling thread included
 * @param keyCodec      KV cache codec id of the keys, as in {@code f16} or {@code turboquant}
 * @param valueCodec    KV cache codec id of the values
 * @param kvBits        bits per value for the codecs that offer a choice (TurboQuant, RotorQuant); 0 for their
 *                      default, ignored by the others
 * @param contextLength tokens a sequence may hold; 0 takes the model's trained context
 * @param reference     compute with F32 activations on dequantized weights instead of llama.cpp's rounding
 */
public record LoadOptions(int threads, String keyCodec, String valueCodec, double kvBits, int contextLength,
        boolean reference) {

    /**
     * @throws IllegalArgumentException for fewer than one thread, a negative context, an unknown codec or a bit
     *                                  width a codec does not offer, naming the value and what is allowed
     */
    public LoadOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (contextLength < 0) {
            throw new IllegalArgumentException("contextLength must not be negative, got " + contextLength);
        }
        KvCodecs.validate(keyCodec, kvBits);
        KvCodecs.validate(valueCodec, kvBits);
    }

    /** Keys and values in one codec at its default width. */
    public LoadOptions(int threads, String kvCodec, int contextLength, boolean reference) {
        this(threads, kvCodec, kvCodec, 0, contextLength, reference);
    }

    /** Default threads, an F16 KV cache as llama.cpp's default, a 4096-token context, llama.cpp numerics. */
    public static LoadOptions defaults() {
        return new LoadOptions(ComputePool.defaultThreads(), KvCodecs.DEFAULT_ID, 4096, false);
    }

    public LoadOptions withThreads(int threads) {
        return new LoadOptions(threads, keyCodec, valueCodec, kvBits, contextLength, reference);
    }

    /** One codec for keys and values. */
    public LoadOptions withKvCodec(String kvCodec) {
        return new LoadOptions(threads, kvCodec, kvCodec, kvBits, contextLength, reference);
    }

    /** Separate codecs: a symmetric low-bit cache can collapse where q8_0 keys with low-bit values hold up. */
    public LoadOptions withKvCodecs(String keyCodec, String valueCodec) {
        return new LoadOptions(threads, keyCodec, valueCodec, kvBits, contextLength, reference);
    }

    public LoadOptions withKvBits(double kvBits) {
        return new LoadOptions(threads, keyCodec, valueCodec, kvBits, contextLength, reference);
    }

    public LoadOptions withContextLength(int contextLength) {
        return new LoadOptions(threads, keyCodec, valueCodec, kvBits, contextLength, reference);
    }

    public LoadOptions withReference(boolean reference) {
        return new LoadOptions(threads, keyCodec, valueCodec, kvBits, contextLength, reference);
    }

    /** The KV cache setting in one word: {@code f16}, {@code turboquant/3}, {@code q8_0+turboquant/2.5}. */
    public String kvCacheDescription() {
        boolean takesBits = !KvCodecs.bitWidths(keyCodec).isEmpty() || !KvCodecs.bitWidths(valueCodec).isEmpty();
        String bits = takesBits && kvBits > 0 ? "/" + KvCodecs.format(kvBits) : "";
        return keyCodec.equals(valueCodec) ? keyCodec + bits : keyCodec + "+" + valueCodec + bits;
    }
}
