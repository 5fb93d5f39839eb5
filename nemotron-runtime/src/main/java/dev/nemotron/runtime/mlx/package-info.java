/**
 * MLX checkpoints: safetensors files, config.json and mlx-lm's quantization.
 */
@NullMarked
package dev.nemotron.runtime.mlx;

import org.jspecify.annotations.NullMarked;
