package dev.nemotron.runtime.hub;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash a file must have to be its published object id: SHA-256 of the content for LFS files, and for the
 * small files git stores itself, git's blob id, SHA-1 of {@code "blob <size>\0"} followed by the content.
 */
final class ObjectDigest {

    private final MessageDigest digest;
    private final RemoteFile file;
    private long length;

    ObjectDigest(RemoteFile file) {
        this.file = file;
        try {
            digest = MessageDigest.getInstance(file.lfs() ? "SHA-256" : "SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + (file.lfs() ? "SHA-256" : "SHA-1"), e);
        }
        if (!file.lfs()) {
            digest.update(("blob " + file.size() + "\0").getBytes(StandardCharsets.US_ASCII));
        }
    }

    void update(ByteBuffer bytes) {
        length += bytes.remaining();
        digest.update(bytes);
    }

    /** Bytes hashed so far. */
    long length() {
        return length;
    }

    /** The hex digest; ends this digest. */
    String finish() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
