/**
 * The GGUF container: reading (memory-mapped with FFM, bounds-checked) and writing.
 */
@NullMarked
package dev.nemotron.runtime.gguf;

import org.jspecify.annotations.NullMarked;
