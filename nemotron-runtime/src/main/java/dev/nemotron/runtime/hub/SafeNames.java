package dev.nemotron.runtime.hub;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.nemotron.runtime.hub.HubException.Reason;

/**
 * Checks every name that comes from a user or a server before it becomes part of a path in the cache.
 *
 * <p>A listing is remote input: a file name such as {@code ../../.bashrc}, {@code /etc/passwd}, {@code C:x} or
 * {@code a\..\b} must not write outside the snapshot directory, so such names are refused rather than cleaned up.
 */
final class SafeNames {

    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern REVISION = Pattern.compile("[A-Za-z0-9._/-]+");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    private SafeNames() {
    }

    /** An {@code owner/name} repository id. */
    static String repository(String repository) {
        if (!REPOSITORY.matcher(repository).matches() || repository.contains("..")) {
            throw unsafe("repository id", repository, "expected owner/name of letters, digits, '.', '_' and '-'");
        }
        return repository;
    }

    /** A branch, tag or commit; slashes are allowed ({@code refs/pr/1}) but no empty, '.' or '..' segment. */
    static String revision(String revision) {
        if (!REVISION.matcher(revision).matches() || hasBadSegment(revision)) {
            throw unsafe("revision", revision, "expected a branch, tag or commit hash");
        }
        return revision;
    }

    /** A commit hash as the server reports it; it names a snapshot directory. */
    static String commit(String commit) {
        if (!COMMIT.matcher(commit).matches()) {
            throw unsafe("commit hash", commit, "expected 40 lower-case hex digits");
        }
        return commit;
    }

    /** A git blob id or an LFS SHA-256; it names a blob file. */
    static String objectId(String objectId) {
        if (!OBJECT_ID.matcher(objectId).matches()) {
            throw unsafe("object id", objectId, "expected 40 or 64 lower-case hex digits");
        }
        return objectId;
    }

    /** A file path inside a repository: relative, '/'-separated, no '.', '..' or empty segment, no drive. */
    static String filePath(String path) {
        String problem = filePathProblem(path);
        if (problem != null) {
            throw unsafe("file name", path, problem);
        }
        return path;
    }

    private static @Nullable String filePathProblem(String path) {
        if (path.isEmpty()) {
            return "it is empty";
        }
        if (path.startsWith("/")) {
            return "it is an absolute path";
        }
        if (path.indexOf('\\') >= 0) {
            return "it contains a backslash";
        }
        if (path.indexOf(':') >= 0) {
            return "it contains ':' (a drive letter or stream name)";
        }
        if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "it contains a control character";
        }
        if (hasBadSegment(path)) {
            return "it has an empty, '.' or '..' segment";
        }
        return null;
    }

    private static boolean hasBadSegment(String path) {
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    private static HubException unsafe(String what, String value, String why) {
        return new HubException(Reason.UNSAFE_NAME,
                "refusing %s '%s': %s, and it must stay inside the cache directory".formatted(what, value, why));
    }
}
