/**
 * The engine's own compute thread pool.
 */
@NullMarked
package dev.nemotron.runtime.parallel;

import org.jspecify.annotations.NullMarked;
