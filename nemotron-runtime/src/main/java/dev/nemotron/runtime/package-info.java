/**
 * The Nemotron-H inference engine: a package per concept of the model and its file formats.
 */
@NullMarked
package dev.nemotron.runtime;

import org.jspecify.annotations.NullMarked;
