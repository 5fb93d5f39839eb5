package dev.nemotron.runtime.tokenizer;

/** A vocabulary or tokenizer description that cannot be used; the message names the key or file at fault. */
public class TokenizerException extends RuntimeException {

    public TokenizerException(String message) {
        super(message);
    }

    public TokenizerException(String message, Throwable cause) {
        super(message, cause);
    }
}
