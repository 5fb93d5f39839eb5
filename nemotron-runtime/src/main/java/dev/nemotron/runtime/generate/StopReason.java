package dev.nemotron.runtime.generate;

/** Why a generation ended. */
public enum StopReason {
    /** The model produced an end-of-generation token ({@code <|im_end|>}, {@code </s>}, eos …). */
    END_OF_GENERATION,
    /** The text reached one of the stop sequences. */
    STOP_SEQUENCE,
    /** The generated-token limit was reached. */
    TOKEN_LIMIT,
    /** The sequence filled the context. */
    CONTEXT_FULL,
    /** The caller asked to stop. */
    CANCELLED
}
