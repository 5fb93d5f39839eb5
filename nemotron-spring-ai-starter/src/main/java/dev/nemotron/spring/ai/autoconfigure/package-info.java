/**
 * Auto-configuration of the Nemotron chat model from the {@code spring.ai.nemotron.*} properties.
 */
@NullMarked
package dev.nemotron.spring.ai.autoconfigure;

import org.jspecify.annotations.NullMarked;
