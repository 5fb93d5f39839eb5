package dev.nemotron.runtime.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nemotron.runtime.hub.HubException.Reason;

/**
 * Brings one repository file into the cache: reuse it if its snapshot entry or blob is there, else download it
 * into {@code blobs/{id}.incomplete} (resuming what an earlier run left), verify its object id, and only then
 * move it to its blob name and link it into the snapshot.
 */
final class BlobFetcher {

    private static final Logger log = LoggerFactory.getLogger(BlobFetcher.class);
    private static final int CHUNK = 1 << 20;

    private final HubClient client;
    private final HubCache cache;

    BlobFetcher(HubClient client, HubCache cache) {
        this.client = client;
        this.cache = cache;
    }

    /** Whether the file is in the snapshot or as a blob already, so nothing needs downloading. */
    boolean cached(String repository, String commit, RemoteFile file) {
        return Files.isRegularFile(cache.snapshotFile(repository, commit, file.path()))
                || hasBlob(cache.blob(repository, file.objectId()), file);
    }

    /** Bytes still to download for the file, counting a partial download that can be resumed. */
    long missingBytes(String repository, String commit, RemoteFile file) throws IOException {
        if (cached(repository, commit, file)) {
            return 0;
        }
        Path partial = cache.incomplete(repository, file.objectId());
        return file.size() - (Files.isRegularFile(partial) ? Math.min(Files.size(partial), file.size()) : 0);
    }

    /** The snapshot path of {@code file}, downloading it first if needed. */
    Path fetch(String repository, String commit, RemoteFile file, ProgressTracker progress) throws IOException {
        Path snapshotFile = cache.snapshotFile(repository, commit, file.path());
        Path blob = cache.blob(repository, file.objectId());
        if (Files.isRegularFile(snapshotFile)) {
            progress.fileDone(file.size());
            return snapshotFile;
        }
        try (FileGuard _ = FileGuard.acquire(cache.lockFile(repository, file.objectId()),
                repository + "/" + file.path())) {
            if (!hasBlob(blob, file)) {
                download(repository, commit, file, blob, progress);
            }
            cache.link(blob, snapshotFile);
        }
        progress.fileDone(file.size());
        return snapshotFile;
    }

    private static boolean hasBlob(Path blob, RemoteFile file) {
        try {
            return Files.isRegularFile(blob) && Files.size(blob) == file.size();
        } catch (IOException e) {
            return false;
        }
    }

    private void download(String repository, String commit, RemoteFile file, Path blob, ProgressTracker progress)
            throws IOException {
        Path partial = cache.incomplete(repository, file.objectId());
        Files.createDirectories(partial.getParent());
        String what = "download %s from %s".formatted(file.path(), repository);
        log.debug("Downloading {} ({} bytes) into {}", file.path(), file.size(), partial);
        Transfer transfer = new Transfer(file, partial, progress);
        client.retrying(what, () -> {
            transfer.attempt(repository, commit);
            return null;
        }, progress::transferred);
        String actual = transfer.digest().finish();
        if (!actual.equals(file.objectId())) {
            Files.deleteIfExists(partial);
            throw new HubException(Reason.CHECKSUM_MISMATCH, ("%s of %s does not match its published %s %s (got %s); "
                    + "the download was discarded: run again to download it anew, and if it fails again the mirror "
                    + "at HF_ENDPOINT serves a bad copy").formatted(file.path(), repository,
                    file.lfs() ? "SHA-256" : "git blob id", file.objectId(), actual));
        }
        Files.move(partial, blob, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** One file's download across attempts: the partial file and the hash of the bytes in it. */
    private final class Transfer {

        private final RemoteFile file;
        private final Path partial;
        private final ProgressTracker progress;
        private @Nullable ObjectDigest digest;

        Transfer(RemoteFile file, Path partial, ProgressTracker progress) {
            this.file = file;
            this.partial = partial;
            this.progress = progress;
        }

        ObjectDigest digest() {
            if (digest == null) {
                throw new IllegalStateException("no bytes were hashed for " + file.path());
            }
            return digest;
        }

        /** Fetches the rest of the file; an IOException leaves a resumable partial file. */
        void attempt(String repository, String commit) throws IOException {
            try (FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                long present = Math.min(out.size(), file.size());
                out.truncate(present);
                hashPresent(out, present);
                progress.file(file.path(), present);
                if (present == file.size()) {
                    return;
                }
                HubClient.FileStream stream = client.open(repository, commit, file.path(), present);
                if (stream.start() == 0 && present > 0) {
                    log.debug("The server ignored the range request for {}; downloading it from the start",
                            file.path());
                    out.truncate(0);
                    hashPresent(out, 0);
                    progress.file(file.path(), 0);
                }
                try (InputStream body = stream.body()) {
                    copy(body, out);
                }
            }
        }

        /** Hashes the partial file unless the digest already covers exactly its bytes. */
        private void hashPresent(FileChannel out, long present) throws IOException {
            if (digest != null && digest.length() == present) {
                return;
            }
            digest = new ObjectDigest(file);
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            for (long position = 0; position < present; ) {
                buffer.clear().limit((int) Math.min(CHUNK, present - position));
                int read = out.read(buffer, position);
                if (read < 0) {
                    throw new IOException("partial file " + partial + " shrank while reading it");
                }
                position += read;
                digest.update(buffer.flip());
            }
        }

        private void copy(InputStream body, FileChannel out) throws IOException {
            ObjectDigest hash = digest();
            byte[] chunk = new byte[CHUNK];
            while (hash.length() < file.size()) {
                int read = body.read(chunk, 0, (int) Math.min(chunk.length, file.size() - hash.length()));
                if (read < 0) {
                    throw new IOException("connection closed after %d of %d bytes of %s"
                            .formatted(hash.length(), file.size(), file.path()));
                }
                write(out, ByteBuffer.wrap(chunk, 0, read));
                hash.update(ByteBuffer.wrap(chunk, 0, read));
                progress.transferred(read);
            }
            if (body.read() >= 0) {
                throw new HubException(Reason.BAD_RESPONSE, "the server sent more than the %d bytes the listing gives "
                        .formatted(file.size()) + "for " + file.path());
            }
        }

        /** Writes all of {@code bytes} at the end; a write failure is final, not a network hiccup to retry. */
        private void write(FileChannel out, ByteBuffer bytes) {
            try {
                while (bytes.hasRemaining()) {
                    out.write(bytes, out.size());
                }
            } catch (IOException e) {
                throw diskFailure(e);
            }
        }

        private RuntimeException diskFailure(IOException e) {
            String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("space") || message.contains("quota")) {
                return new HubException(Reason.DISK_FULL, ("the disk holding %s filled up while writing %s: free "
                        + "space there, or point cache-dir / HF_HUB_CACHE at a larger disk; the partial file is kept "
                        + "and the download resumes").formatted(cache.root(), file.path()), e);
            }
            return new UncheckedIOException("cannot write " + partial, e);
        }
    }
}
