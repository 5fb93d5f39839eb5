/**
 * The Nemotron chat format: messages and tools rendered through the model's template, and the model's output
 * parsed back into reasoning, answer and tool calls while it streams.
 */
@NullMarked
package dev.nemotron.runtime.chat;

import org.jspecify.annotations.NullMarked;
