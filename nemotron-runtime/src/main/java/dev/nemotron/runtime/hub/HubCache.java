package dev.nemotron.runtime.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache layout of {@code huggingface_hub}, so that files downloaded by other tools are reused and ours are
 * visible to them:
 * <pre>
 * {root}/models--{owner}--{name}/blobs/{object id}           the file's bytes, named by SHA-256 or git blob id
 * {root}/models--{owner}--{name}/blobs/{object id}.incomplete a download in progress, resumed by range request
 * {root}/models--{owner}--{name}/snapshots/{commit}/{path}    relative symlink to the blob (a copy without symlinks)
 * {root}/models--{owner}--{name}/refs/{revision}               the commit the revision pointed to
 * {root}/.locks/models--{owner}--{name}/{object id}.lock      held while a process downloads that blob
 * </pre>
 */
final class HubCache {

    private static final Logger log = LoggerFactory.getLogger(HubCache.class);
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

    private final Path root;

    HubCache(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    Path blob(String repository, String objectId) {
        return repositoryDir(repository).resolve("blobs").resolve(SafeNames.objectId(objectId));
    }

    Path incomplete(String repository, String objectId) {
        return blob(repository, objectId).resolveSibling(objectId + ".incomplete");
    }

    Path lockFile(String repository, String objectId) {
        return root.resolve(".locks").resolve(folder(repository)).resolve(SafeNames.objectId(objectId) + ".lock");
    }

    Path snapshot(String repository, String commit) {
        return repositoryDir(repository).resolve("snapshots").resolve(SafeNames.commit(commit));
    }

    /** The snapshot path of a repository file; the name is checked again here, where it becomes a path. */
    Path snapshotFile(String repository, String commit, String file) {
        Path dir = snapshot(repository, commit);
        Path resolved = dir.resolve(SafeNames.filePath(file)).normalize();
        if (!resolved.startsWith(dir)) {
            throw new HubException(HubException.Reason.UNSAFE_NAME,
                    "refusing file name '%s': it resolves outside %s".formatted(file, dir));
        }
        return resolved;
    }

    /** The commit a revision points to: the revision itself if it is a commit hash, else what refs/ records. */
    Optional<String> commitFor(String repository, String revision) {
        if (COMMIT.matcher(revision).matches()) {
            return Optional.of(revision);
        }
        Path ref = repositoryDir(repository).resolve("refs").resolve(SafeNames.revision(revision));
        try {
            if (!Files.isRegularFile(ref)) {
                return Optional.empty();
            }
            String commit = Files.readString(ref, StandardCharsets.UTF_8).strip();
            return COMMIT.matcher(commit).matches() ? Optional.of(commit) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ref, e);
        }
    }

    /** Records that {@code revision} points to {@code commit}, atomically. */
    void writeRef(String repository, String revision, String commit) throws IOException {
        if (revision.equals(commit)) {
            return;
        }
        Path ref = repositoryDir(repository).resolve("refs").resolve(SafeNames.revision(revision));
        Files.createDirectories(ref.getParent());
        Path temp = Files.createTempFile(ref.getParent(), ".ref", ".tmp");
        Files.writeString(temp, commit, StandardCharsets.UTF_8);
        Files.move(temp, ref, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The relative paths ('/'-separated) of the files in a snapshot, or empty if there is no such snapshot. */
    List<String> snapshotFiles(String repository, String commit) throws IOException {
        Path dir = snapshot(repository, commit);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile)
                    .forEach(p -> files.add(dir.relativize(p).toString().replace(p.getFileSystem().getSeparator(),
                            "/")));
        }
        return files;
    }

    /**
     * Makes {@code snapshotFile} show the blob: a relative symlink as {@code huggingface_hub} makes, or a copy
     * where the file system or the platform refuses symlinks.
     */
    void link(Path blob, Path snapshotFile) throws IOException {
        Files.createDirectories(snapshotFile.getParent());
        if (Files.exists(snapshotFile, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(snapshotFile);
        }
        try {
            Files.createSymbolicLink(snapshotFile, snapshotFile.getParent().relativize(blob));
        } catch (UnsupportedOperationException | FileSystemException e) {
            log.debug("Symlinks unavailable in {} ({}); copying the blob", snapshotFile.getParent(), e.toString());
            Path temp = Files.createTempFile(snapshotFile.getParent(), ".copy", ".tmp");
            Files.copy(blob, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temp, snapshotFile, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private Path repositoryDir(String repository) {
        return root.resolve(folder(repository));
    }

    private static String folder(String repository) {
        return "models--" + SafeNames.repository(repository).replace("/", "--");
    }
}
