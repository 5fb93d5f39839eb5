package dev.nemotron.samples.chat;

/** A request the sample does not take, answered with 400 and this message. */
public class InvalidChatRequestException extends RuntimeException {

    public InvalidChatRequestException(String message) {
        super(message);
    }
}
