/**
 * A web application that chats with a Nemotron model running in its own JVM, through Spring AI's ChatClient.
 */
@NullMarked
package dev.nemotron.samples.chat;

import org.jspecify.annotations.NullMarked;
