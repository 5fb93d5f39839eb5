/**
 * Random-weight NemotronH models of any geometry, written with the project's own GGUF writer: the models that
 * parity tests run through llama.cpp and our engine side by side, and that benchmarks time.
 */
@NullMarked
package dev.nemotron.runtime.synthetic;

import org.jspecify.annotations.NullMarked;
