/**
 * The generation loop: prefill, decode, stop conditions and streaming events.
 */
@NullMarked
package dev.nemotron.runtime.generate;

import org.jspecify.annotations.NullMarked;
