/**
 * A sandboxed Jinja2 interpreter for the chat templates shipped inside model files.
 */
@NullMarked
package dev.nemotron.runtime.template;

import org.jspecify.annotations.NullMarked;
