/**
 * The attention KV cache and its codecs (f32, f16, bf16, q8_0, q4_0, TurboQuant, RotorQuant).
 */
@NullMarked
package dev.nemotron.runtime.kv;

import org.jspecify.annotations.NullMarked;
