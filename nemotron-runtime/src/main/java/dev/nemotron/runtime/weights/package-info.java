/**
 * Weight formats of GGUF and MLX files: one class per format with its scalar reference dequantizer,
 * its vectorised dot-product kernel and its quantizer, plus the activation roundings llama.cpp pairs them with.
 */
@NullMarked
package dev.nemotron.runtime.weights;

import org.jspecify.annotations.NullMarked;
