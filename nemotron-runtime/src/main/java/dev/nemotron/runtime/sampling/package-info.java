/**
 * Token samplers: greedy, temperature, top-k, top-p, min-p and repetition penalties.
 */
@NullMarked
package dev.nemotron.runtime.sampling;

import org.jspecify.annotations.NullMarked;
