package dev.nemotron.runtime.hub;

/**
 * A file of a repository listing.
 *
 * @param path     the path inside the repository, already checked by {@link SafeNames#filePath}
 * @param size     its size in bytes
 * @param objectId the SHA-256 of an LFS file, else its git blob id (SHA-1); the name of its blob in the cache
 * @param lfs      whether {@code objectId} is an LFS SHA-256 rather than a git blob id
 */
record RemoteFile(String path, long size, String objectId, boolean lfs) {
}
