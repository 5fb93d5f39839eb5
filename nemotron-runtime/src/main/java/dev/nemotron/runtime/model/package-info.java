/**
 * The NemotronH network: configuration from metadata, the Mamba-2, attention, MoE and MLP mixers, and the
 * forward pass over a batch of tokens.
 */
@NullMarked
package dev.nemotron.runtime.model;

import org.jspecify.annotations.NullMarked;
