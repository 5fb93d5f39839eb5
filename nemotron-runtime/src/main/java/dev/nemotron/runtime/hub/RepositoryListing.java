package dev.nemotron.runtime.hub;

import java.util.List;
import java.util.Optional;

/**
 * The files of a repository at one commit, as {@code GET /api/models/{repo}/revision/{rev}?blobs=true} lists them.
 *
 * @param repository the {@code owner/name} listed
 * @param commit     the commit the revision pointed to
 * @param files      every file, with sizes and object ids
 */
record RepositoryListing(String repository, String commit, List<RemoteFile> files) {

    Optional<RemoteFile> file(String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst();
    }

    List<String> paths() {
        return files.stream().map(RemoteFile::path).toList();
    }
}
