package dev.nemotron.runtime.chat;

/** Why generation ended. */
public enum FinishReason {
    /** An end-of-generation token or a stop sequence. */
    STOP,
    /** The token limit or the context length. */
    LENGTH,
    /** The turn ended with tool calls. */
    TOOL_CALLS,
    /** The caller cancelled. */
    CANCELLED
}
