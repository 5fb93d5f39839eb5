/**
 * The bin/nemotron command line.
 */
@NullMarked
package dev.nemotron.runtime.cli;

import org.jspecify.annotations.NullMarked;
