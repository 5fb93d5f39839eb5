/**
 * Spring AI's {@code ChatModel} for a Nemotron model running in the application's own JVM.
 */
@NullMarked
package dev.nemotron.spring.ai;

import org.jspecify.annotations.NullMarked;
