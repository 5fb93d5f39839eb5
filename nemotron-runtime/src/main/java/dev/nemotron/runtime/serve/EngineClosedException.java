package dev.nemotron.runtime.serve;

/** The engine was closed before or while the request ran; its model is being or has been unmapped. */
public final class EngineClosedException extends IllegalStateException {

    public EngineClosedException(String message) {
        super(message);
    }
}
