package dev.nemotron.runtime.hub;

/**
 * A model could not be resolved, downloaded or found in the cache; the message says what to do about it.
 */
public final class HubException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, for callers that react differently (the CLI's exit code, a retry, a test). */
    public enum Reason {
        /** The id is not in the catalogue and is not an {@code hf://} URI. */
        UNKNOWN_VARIANT,
        /** The variant exists but is not a chat model (a projector or a KV-cache root card). */
        NOT_LOADABLE,
        /** The repository is gated or private: 401 or 403. */
        UNAUTHORIZED,
        /** The repository, revision or file does not exist: 404. */
        NOT_FOUND,
        /** A downloaded file did not hash to its published object id. */
        CHECKSUM_MISMATCH,
        /** Not enough free space in the cache directory, or the disk filled up while writing. */
        DISK_FULL,
        /** The endpoint cannot be reached or the connection kept failing. */
        NETWORK,
        /** Offline mode and the files are not in the cache. */
        NOT_CACHED,
        /** The server answered something this client cannot use (bad JSON, an unexpected status, no file). */
        BAD_RESPONSE,
        /** A remote file name, repository id or revision would escape the cache directory. */
        UNSAFE_NAME,
        /** The endpoint or a redirect is plain HTTP to a host other than loopback. */
        INSECURE_ENDPOINT,
        /** A repository holds several candidate model files and none was named. */
        AMBIGUOUS
    }

    private final Reason reason;

    public HubException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public HubException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** The kind of failure. */
    public Reason reason() {
        return reason;
    }
}
