/**
 * The variant catalogue of the model family and downloads from Hugging Face into its cache layout.
 */
@NullMarked
package dev.nemotron.runtime.hub;

import org.jspecify.annotations.NullMarked;
