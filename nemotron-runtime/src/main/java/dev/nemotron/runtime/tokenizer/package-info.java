/**
 * Byte-level BPE tokenizer with llama.cpp's llama3/pixtral pre-split, special tokens and streaming detokenization.
 */
@NullMarked
package dev.nemotron.runtime.tokenizer;

import org.jspecify.annotations.NullMarked;
