package dev.nemotron.samples.chat;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What one request to the sample may bring: the sample listens on a port and runs a model on this machine's CPU,
 * so a request that is too large is rejected before it is read or rendered.
 *
 * @param maxMessageLength characters of the message, the user's prompt
 * @param maxRequestSize   bytes of a request body
 */
@ConfigurationProperties("sample.chat")
public record ChatLimits(@DefaultValue("8000") int maxMessageLength, @DefaultValue("64KB") DataSize maxRequestSize) {
}
