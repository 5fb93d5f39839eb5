package dev.nemotron.runtime.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nemotron.runtime.hub.HubException.Reason;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a variant id, repository or {@code hf://} URI into a local path, downloading into the Hugging Face cache
 * what is not there yet.
 *
 * <pre>{@code
 * ResolvedModel model = new ModelResolver(HubOptions.fromEnvironment().withCacheDir(dir))
 *         .resolveModel("rotorquant-gguf-q4_k_m");
 * }</pre>
 *
 * <p>Online, the repository's listing gives the commit and each file's object id; files already in the cache
 * (from this runtime or from other tools) are reused, others are downloaded and verified. If the endpoint cannot
 * be reached, a complete cached snapshot of the revision is used instead. Offline, only the cache is read.
 */
public final class ModelResolver {

    private static final Logger log = LoggerFactory.getLogger(ModelResolver.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HubOptions options;
    private final VariantCatalogue catalogue;
    private final HubCache cache;

    public ModelResolver(HubOptions options) {
        this(options, VariantCatalogue.bundled());
    }

    public ModelResolver(HubOptions options, VariantCatalogue catalogue) {
        this.options = options;
        this.catalogue = catalogue;
        this.cache = new HubCache(options.cacheDir());
    }

    /**
     * The local path of a model: a GGUF file or an MLX directory.
     *
     * @throws HubException with a message saying what to do (unknown variant, gated repository, no network, …)
     */
    public static Path resolve(String variantOrUri, HubOptions options) {
        return new ModelResolver(options).resolveModel(variantOrUri).path();
    }

    /**
     * The model named by a variant id, a repository or {@code hf://owner/repo[/file][@revision]}, in the cache.
     *
     * @throws HubException with a message saying what to do (unknown variant, gated repository, no network, …)
     */
    public ResolvedModel resolveModel(String variantOrUri) {
        ModelRequest request = ModelRequest.parse(variantOrUri, catalogue);
        try {
            return options.offline() ? fromCache(request, true) : download(request);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the cache " + cache.root() + " for " + request.label(), e);
        }
    }

    private ResolvedModel download(ModelRequest request) throws IOException {
        HubClient client = new HubClient(options);
        RepositoryListing listing;
        try {
            listing = client.list(request.repository(), request.revision());
        } catch (HubException e) {
            if (e.reason() != Reason.NETWORK) {
                throw e;
            }
            return cachedDespiteNetwork(request, e);
        }
        FileSelection selection = FileSelection.select(request, listing.paths());
        List<RemoteFile> files = selection.files().stream().map(path -> listing.file(path).orElseThrow()).toList();
        BlobFetcher fetcher = new BlobFetcher(client, cache);
        requireSpace(request, listing.commit(), files, fetcher);

        long total = files.stream().mapToLong(RemoteFile::size).sum();
        log.info("Resolving {} from {} at {}: {} file(s), {}", request.label(), listing.repository(),
                listing.commit(), files.size(), LoggingDownloadListener.size(total));
        ProgressTracker progress = new ProgressTracker(request.label(), total, options.listener());
        for (RemoteFile file : files) {
            fetcher.fetch(listing.repository(), listing.commit(), file, progress);
        }
        cache.writeRef(request.repository(), request.revision(), listing.commit());
        progress.finish();
        return resolved(request, listing.commit(), selection);
    }

    private ResolvedModel cachedDespiteNetwork(ModelRequest request, HubException networkFailure) throws IOException {
        try {
            ResolvedModel cached = fromCache(request, false);
            log.warn("{}; using the cached snapshot {} of {}", networkFailure.getMessage(), cached.commit(),
                    request.label());
            return cached;
        } catch (HubException notCached) {
            throw networkFailure;
        }
    }

    private ResolvedModel fromCache(ModelRequest request, boolean offline) throws IOException {
        String commit = cache.commitFor(request.repository(), request.revision())
                .orElseThrow(() -> notCached(request, offline, "no snapshot of revision " + request.revision()));
        List<String> present = cache.snapshotFiles(request.repository(), commit);
        try {
            return resolved(request, commit, FileSelection.select(request, present));
        } catch (HubException e) {
            throw notCached(request, offline, e.getMessage());
        }
    }

    private ResolvedModel resolved(ModelRequest request, String commit, FileSelection selection) throws IOException {
        requireIndexedShards(request, commit, selection);
        Path snapshot = cache.snapshot(request.repository(), commit);
        Path path = selection.entry().isEmpty() ? snapshot
                : cache.snapshotFile(request.repository(), commit, selection.entry());
        return new ResolvedModel(request.label(), path, selection.format(), request.kvCodec(), request.repository(),
                commit, request.variant());
    }

    /** An MLX index naming a shard that is not there would fail later, at load time, with a vaguer message. */
    private void requireIndexedShards(ModelRequest request, String commit, FileSelection selection)
            throws IOException {
        if (selection.format() != ModelFormat.MLX || !selection.files().contains(FileSelection.MLX_INDEX)) {
            return;
        }
        Path index = cache.snapshotFile(request.repository(), commit, FileSelection.MLX_INDEX);
        JsonNode weightMap;
        try {
            weightMap = JSON.readTree(Files.readAllBytes(index)).path("weight_map");
        } catch (JacksonException e) {
            throw new HubException(Reason.BAD_RESPONSE, "%s of %s is not JSON: %s".formatted(
                    FileSelection.MLX_INDEX, request.label(), e.getOriginalMessage()), e);
        }
        for (JsonNode shard : weightMap.values()) {
            String name = shard.stringValue("");
            if (!selection.files().contains(name)) {
                throw new HubException(Reason.NOT_FOUND, "%s of %s names the shard '%s', which is not there"
                        .formatted(FileSelection.MLX_INDEX, request.label(), name));
            }
        }
    }

    private void requireSpace(ModelRequest request, String commit, List<RemoteFile> files, BlobFetcher fetcher)
            throws IOException {
        long needed = 0;
        for (RemoteFile file : files) {
            needed += fetcher.missingBytes(request.repository(), commit, file);
        }
        if (needed == 0) {
            return;
        }
        long free = store().getUsableSpace();
        if (needed > free) {
            throw new HubException(Reason.DISK_FULL, ("%s needs %s more in %s but only %s is free: free space there, "
                    + "or set cache-dir (HF_HUB_CACHE) to a larger disk").formatted(request.label(),
                    LoggingDownloadListener.size(needed), cache.root(), LoggingDownloadListener.size(free)));
        }
    }

    private FileStore store() throws IOException {
        Path dir = cache.root();
        Files.createDirectories(dir);
        return Files.getFileStore(dir);
    }

    private HubException notCached(ModelRequest request, boolean offline, String detail) {
        String why = offline ? "offline mode is on (HF_HUB_OFFLINE or the offline setting)" : "the Hub is unreachable";
        return new HubException(Reason.NOT_CACHED, ("%s is not in the cache %s (%s) and %s: download it once with "
                + "network access (bin/nemotron pull %s), or turn offline mode off").formatted(request.label(),
                cache.root(), detail, why, request.label()));
    }
}
