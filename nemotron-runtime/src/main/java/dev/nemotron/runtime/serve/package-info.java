/**
 * Serving many requests on one model: admission of a bounded number of concurrent sequences, freeing each
 * sequence's state when it ends, and reuse of a conversation's prompt prefix through snapshots of the sequence
 * state.
 */
@NullMarked
package dev.nemotron.runtime.serve;

import org.jspecify.annotations.NullMarked;
