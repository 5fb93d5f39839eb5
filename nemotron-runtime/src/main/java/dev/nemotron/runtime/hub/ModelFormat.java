package dev.nemotron.runtime.hub;

/** How a variant's weights are stored in its repository. */
public enum ModelFormat {
    /** One GGUF file, or a split set {@code name-0000N-of-0000M.gguf} resolved to its first part. */
    GGUF,
    /** An MLX directory: {@code config.json}, safetensors shards and the tokenizer files. */
    MLX,
    /** The card publishes no weights (a KV-cache root card). */
    NONE
}
