package dev.nemotron.runtime.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.nemotron.runtime.hub.HubException.Reason;

@Timeout(60)
class ModelResolverTest {

    private static final String Q4_REPO = "majentik/nemotron3-nano-omni-30b-rotorquant-gguf-Q4_K_M";
    private static final String MLX_REPO = "majentik/nemotron3-nano-omni-30b-rotorquant-mlx-8bit";
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final String INDEX = """
            {"metadata": {}, "weight_map": {"a.weight": "model-00001-of-00002.safetensors",
                                            "b.weight": "model-00002-of-00002.safetensors"}}""";
    private static final String Q4_FILE = "Nemotron-3-Nano-Omni-30B-A3B-Reasoning-RotorQuant-Q4_K_M.gguf";

    @TempDir
    Path cache;
    @TempDir
    Path home;

    private FakeHub hub;
    private final byte[] weights = bytes(300_000, 1);

    @BeforeEach
    void startHub() throws IOException {
        hub = new FakeHub();
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    private HubOptions options() {
        return HubOptions.fromEnvironment(Map.of(), home)
                .withCacheDir(cache)
                .withEndpoint(hub.endpoint())
                .withListener(DownloadListener.none())
                .withRetries(3, Duration.ofMillis(5), Duration.ofSeconds(10));
    }

    private FakeHub.Repo q4Repo() {
        return hub.repo(Q4_REPO, COMMIT)
                .file("README.md", "# card\n".getBytes(StandardCharsets.UTF_8))
                .file(Q4_FILE, weights)
                .file("Nemotron-3-Nano-Omni-30B-A3B-Reasoning-RotorQuant-Q8_0.gguf", bytes(1000, 2))
                .file("mmproj-Nemotron-Q4_K_M.gguf", bytes(1000, 3));
    }

    private Path repoDir(String repository) {
        return cache.resolve("models--" + repository.replace("/", "--"));
    }

    @Test
    void aFullDownloadIntoAnEmptyCacheLaysFilesOutAsHuggingFaceHubDoes() throws IOException {
        q4Repo();

        ResolvedModel model = new ModelResolver(options()).resolveModel("rotorquant-gguf-q4_k_m-rq-kv");

        Path snapshotFile = repoDir(Q4_REPO).resolve("snapshots").resolve(COMMIT).resolve(Q4_FILE);
        Path blob = repoDir(Q4_REPO).resolve("blobs").resolve(FakeHub.sha256(weights));
        assertThat(model.path()).isEqualTo(snapshotFile);
        assertThat(model.format()).isEqualTo(ModelFormat.GGUF);
        assertThat(model.kvCodecOverride()).contains("rotorquant");
        assertThat(model.commit()).isEqualTo(COMMIT);
        assertThat(Files.isSymbolicLink(snapshotFile)).isTrue();
        assertThat(Files.readSymbolicLink(snapshotFile)).isEqualTo(Path.of("..", "..", "blobs", blob.getFileName()
                .toString()));
        assertThat(Files.readAllBytes(snapshotFile)).isEqualTo(weights);
        assertThat(Files.readString(repoDir(Q4_REPO).resolve("refs/main"))).isEqualTo(COMMIT);
        assertThat(hub.downloads()).extracting(FakeHub.Request::path)
                .containsExactly("/" + Q4_REPO + "/resolve/" + COMMIT + "/" + Q4_FILE);
        try (Stream<Path> blobs = Files.list(repoDir(Q4_REPO).resolve("blobs"))) {
            assertThat(blobs).containsExactly(blob);
        }
    }

    @Test
    void aSecondResolveReusesTheCacheAndFilesOtherToolsLeftThere() throws IOException {
        q4Repo();
        Path blob = repoDir(Q4_REPO).resolve("blobs").resolve(FakeHub.sha256(weights));
        Files.createDirectories(blob.getParent());
        Files.write(blob, weights);

        Path first = ModelResolver.resolve("rotorquant-gguf-q4_k_m", options());
        Path second = ModelResolver.resolve("RotorQuant-GGUF-Q4_K_M", options());

        assertThat(second).isEqualTo(first);
        assertThat(Files.readAllBytes(first)).isEqualTo(weights);
        assertThat(hub.downloads()).isEmpty();
    }

    @Test
    void aDownloadCutOffMidFileResumesWithARangeRequest() throws IOException {
        q4Repo();
        hub.cutConnections(100_000, 1);

        Path path = ModelResolver.resolve("rotorquant-gguf-q4_k_m", options());

        assertThat(Files.readAllBytes(path)).isEqualTo(weights);
        List<FakeHub.Request> downloads = hub.downloads();
        assertThat(downloads).hasSize(2);
        assertThat(downloads.get(0).range()).isNull();
        assertThat(downloads.get(1).range()).matches("bytes=\\d+-");
        assertThat(Long.parseLong(downloads.get(1).range().replaceAll("\\D", ""))).isPositive().isLessThan(100_001);
    }

    @Test
    void aPartialFileLeftByAnInterruptedRunIsResumedFromItsEnd() throws IOException {
        q4Repo();
        Path partial = repoDir(Q4_REPO).resolve("blobs").resolve(FakeHub.sha256(weights) + ".incomplete");
        Files.createDirectories(partial.getParent());
        Files.write(partial, java.util.Arrays.copyOf(weights, 123_456));

        Path path = ModelResolver.resolve("rotorquant-gguf-q4_k_m", options());

        assertThat(Files.readAllBytes(path)).isEqualTo(weights);
        assertThat(hub.downloads()).extracting(FakeHub.Request::range).containsExactly("bytes=123456-");
        assertThat(partial).doesNotExist();
    }

    @Test
    void aServerThatIgnoresTheRangeGetsTheWholeFileRewritten() throws IOException {
        q4Repo();
        hub.ignoreRangeRequests();
        Path partial = repoDir(Q4_REPO).resolve("blobs").resolve(FakeHub.sha256(weights) + ".incomplete");
        Files.createDirectories(partial.getParent());
        Files.write(partial, bytes(50_000, 9));

        Path path = ModelResolver.resolve("rotorquant-gguf-q4_k_m", options());

        assertThat(Files.readAllBytes(path)).isEqualTo(weights);
    }

    @Test
    void aCorruptedFileIsRejectedAndDiscardedBeforeItBecomesVisible() throws IOException {
        FakeHub.Repo repo = q4Repo();
        byte[] corrupted = weights.clone();
        corrupted[200_000] ^= 1;
        repo.servedInstead.put(Q4_FILE, corrupted);

        assertThatThrownBy(() -> ModelResolver.resolve("rotorquant-gguf-q4_k_m", options()))
                .isInstanceOfSatisfying(HubException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CHECKSUM_MISMATCH))
                .hasMessageContaining(Q4_FILE)
                .hasMessageContaining(FakeHub.sha256(weights))
                .hasMessageContaining("discarded");
        try (Stream<Path> files = Files.walk(cache)) {
            assertThat(files.filter(p -> !p.startsWith(cache.resolve(".locks"))).filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString()))
                    .noneMatch(name -> name.startsWith(FakeHub.sha256(weights)) || name.equals(Q4_FILE));
        }
    }

    @Test
    void aGatedRepositoryAsksForHfTokenAndOpensWithIt() throws IOException {
        q4Repo().gated("hf_secret");

        assertThatThrownBy(() -> ModelResolver.resolve("rotorquant-gguf-q4_k_m", options()))
                .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED))
                .hasMessageContaining("gated or private (HTTP 401)")
                .hasMessageContaining("set HF_TOKEN");
        assertThatThrownBy(() -> ModelResolver.resolve("rotorquant-gguf-q4_k_m", options().withToken("hf_wrong")))
                .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED))
                .hasMessageContaining("refused the token in HF_TOKEN (HTTP 403)");

        Path path = ModelResolver.resolve("rotorquant-gguf-q4_k_m", options().withToken("hf_secret"));

        assertThat(Files.readAllBytes(path)).isEqualTo(weights);
        assertThat(hub.downloads()).extracting(FakeHub.Request::authorization).containsOnly("Bearer hf_secret");
    }

    @Test
    void theTokenIsNotSentToTheHostADownloadRedirectsTo() throws IOException {
        q4Repo().gated("hf_secret");
        hub.redirectDownloadsToCdn();

        Path path = ModelResolver.resolve("rotorquant-gguf-q4_k_m", options().withToken("hf_secret")
                .withEndpoint(URI.create("http://localhost:" + hub.endpoint().getPort())));

        assertThat(Files.readAllBytes(path)).isEqualTo(weights);
        assertThat(hub.requests()).filteredOn(r -> r.path().startsWith("/cdn/")).singleElement()
                .satisfies(cdn -> assertThat(cdn.authorization()).isNull());
    }

    @Test
    void aMissingRepositoryIsReportedAsNotFound() {
        assertThatThrownBy(() -> ModelResolver.resolve("hf://someone/no-such-model", options()))
                .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
                .hasMessageContaining("someone/no-such-model");
    }

    @Test
    void offlineModeServesACachedVariantWithoutAnyRequest() throws IOException {
        q4Repo();
        Path online = ModelResolver.resolve("rotorquant-gguf-q4_k_m", options());
        int requestsBefore = hub.requests().size();

        ResolvedModel offline = new ModelResolver(options().withOffline(true))
                .resolveModel("rotorquant-gguf-q4_k_m-rq-kv");

        assertThat(offline.path()).isEqualTo(online);
        assertThat(offline.kvCodec()).isEqualTo("rotorquant");
        assertThat(hub.requests()).hasSize(requestsBefore);
    }

    @Test
    void offlineModeWithoutTheFilesNamesTheVariantAndHowToGetIt() {
        assertThatThrownBy(() -> ModelResolver.resolve("turboquant-mlx-4bit", options().withOffline(true)))
                .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_CACHED))
                .hasMessageContaining("turboquant-mlx-4bit is not in the cache")
                .hasMessageContaining("offline mode is on")
                .hasMessageContaining("bin/nemotron pull turboquant-mlx-4bit");
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void offlineFromTheEnvironmentVariable() {
        HubOptions options = HubOptions.fromEnvironment(Map.of("HF_HUB_OFFLINE", "1"), home).withCacheDir(cache);

        assertThat(options.offline()).isTrue();
        assertThatThrownBy(() -> ModelResolver.resolve("rotorquant-mlx-2bit", options))
                .hasMessageContaining("rotorquant-mlx-2bit is not in the cache");
    }

    @Test
    void withoutNetworkACachedSnapshotIsUsedAndOtherwiseTheErrorSaysSo() throws IOException {
        q4Repo();
        Path online = ModelResolver.resolve("rotorquant-gguf-q4_k_m", options());
        URI deadEndpoint = hub.endpoint();
        hub.close();

        assertThat(ModelResolver.resolve("rotorquant-gguf-q4_k_m", options().withEndpoint(deadEndpoint)))
                .isEqualTo(online);
        assertThatThrownBy(() -> ModelResolver.resolve("rotorquant-gguf-q8_0", options().withEndpoint(deadEndpoint)))
                .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NETWORK))
                .hasMessageContaining("after 3 attempts")
                .hasMessageContaining("check the network connection");
    }

    @Test
    void twoConcurrentDownloadersOfTheSameFileFetchItOnce() throws Exception {
        q4Repo();
        hub.slow(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<Path> a = threads.submit(() -> ModelResolver.resolve("rotorquant-gguf-q4_k_m", options()));
            Future<Path> b = threads.submit(() -> ModelResolver.resolve("rotorquant-gguf-q4_k_m-rq-kv", options()));

            assertThat(b.get()).isEqualTo(a.get());
        } finally {
            threads.shutdownNow();
        }
        assertThat(Files.readAllBytes(repoDir(Q4_REPO).resolve("snapshots").resolve(COMMIT).resolve(Q4_FILE)))
                .isEqualTo(weights);
        assertThat(hub.downloads()).hasSize(1);
        assertThat(cache.resolve(".locks").resolve("models--" + Q4_REPO.replace("/", "--"))
                .resolve(FakeHub.sha256(weights) + ".lock")).exists();
    }

    @Test
    void aSplitGgufIsFetchedWholeAndResolvesToItsFirstPart() throws IOException {
        byte[][] parts = {bytes(70_000, 11), bytes(70_000, 12), bytes(10_000, 13)};
        FakeHub.Repo repo = hub.repo("someone/big-gguf", COMMIT);
        for (int i = 0; i < parts.length; i++) {
            repo.file("Q8_0/model-Q8_0-%05d-of-00003.gguf".formatted(i + 1), parts[i]);
        }
        repo.file("model-Q4_K_M.gguf", bytes(100, 14));

        Path first = ModelResolver.resolve("hf://someone/big-gguf/Q8_0/model-Q8_0-00002-of-00003.gguf", options());

        assertThat(first.getFileName()).hasToString("model-Q8_0-00001-of-00003.gguf");
        for (int i = 0; i < parts.length; i++) {
            assertThat(Files.readAllBytes(first.resolveSibling("model-Q8_0-%05d-of-00003.gguf".formatted(i + 1))))
                    .isEqualTo(parts[i]);
        }
        assertThat(hub.downloads()).hasSize(3);
    }

    @Test
    void aSplitSetMissingAPartIsRefused() {
        hub.repo("someone/broken-split", COMMIT)
                .file("m-Q4_K_M-00001-of-00003.gguf", bytes(10, 1))
                .file("m-Q4_K_M-00003-of-00003.gguf", bytes(10, 3));

        assertThatThrownBy(() -> ModelResolver.resolve("hf://someone/broken-split", options()))
                .isInstanceOfSatisfying(HubException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BAD_RESPONSE))
                .hasMessageContaining("without part 2 of 3");
    }

    @Test
    void anMlxRepositoryResolvesToItsSnapshotDirectoryWithConfigShardsAndTokenizer() throws IOException {
        hub.repo(MLX_REPO, COMMIT)
                .file("config.json", "{\"model_type\":\"nemotron_h\"}".getBytes(StandardCharsets.UTF_8))
                .file("model-00001-of-00002.safetensors", bytes(90_000, 21))
                .file("model-00002-of-00002.safetensors", bytes(40_000, 22))
                .file("model.safetensors.index.json", INDEX.getBytes(StandardCharsets.UTF_8))
                .file("tokenizer.json", "{\"model\":{}}".getBytes(StandardCharsets.UTF_8))
                .file("tokenizer_config.json", "{}".getBytes(StandardCharsets.UTF_8))
                .file("special_tokens_map.json", "{}".getBytes(StandardCharsets.UTF_8))
                .file("README.md", "card".getBytes(StandardCharsets.UTF_8))
                .file("assets/diagram.png", bytes(5000, 23));

        ResolvedModel model = new ModelResolver(options()).resolveModel("rotorquant-mlx-8bit-rq-kv");

        assertThat(model.format()).isEqualTo(ModelFormat.MLX);
        assertThat(model.kvCodec()).isEqualTo("rotorquant");
        assertThat(model.path()).isEqualTo(repoDir(MLX_REPO).resolve("snapshots").resolve(COMMIT));
        try (Stream<Path> files = Files.list(model.path())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("config.json",
                    "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors",
                    "model.safetensors.index.json", "tokenizer.json", "tokenizer_config.json",
                    "special_tokens_map.json");
        }
        assertThat(Files.readAllBytes(model.path().resolve("model-00002-of-00002.safetensors")))
                .isEqualTo(bytes(40_000, 22));
        assertThat(repoDir(MLX_REPO).resolve("blobs").resolve(FakeHub.gitBlobId(
                "{\"model_type\":\"nemotron_h\"}".getBytes(StandardCharsets.UTF_8)))).exists();
    }

    @Test
    void aSlowServerStillDeliversAndProgressRisesToTheTotal() throws IOException {
        q4Repo();
        hub.slow(20);
        List<DownloadProgress> seen = new CopyOnWriteArrayList<>();
        DownloadListener listener = new DownloadListener() {
            @Override
            public void progress(DownloadProgress progress) {
                seen.add(progress);
            }

            @Override
            public void finished(DownloadProgress progress) {
                seen.add(progress);
            }
        };

        Path path = ModelResolver.resolve("rotorquant-gguf-q4_k_m", options().withListener(listener));

        assertThat(Files.readAllBytes(path)).isEqualTo(weights);
        assertThat(seen).hasSizeGreaterThan(1);
        assertThat(seen).extracting(DownloadProgress::bytesDone).isSorted();
        assertThat(seen.getLast().bytesDone()).isEqualTo(weights.length);
        assertThat(seen.getLast().bytesTotal()).isEqualTo(weights.length);
        assertThat(seen.getLast().fraction()).isEqualTo(1.0);
    }

    @Test
    void aServerThatKeepsCuttingConnectionsIsOutlastedByResumingAsLongAsEachTryMakesProgress() throws IOException {
        q4Repo();
        hub.cutConnections(40_000, 6);

        Path path = ModelResolver.resolve("rotorquant-gguf-q4_k_m", options());

        assertThat(Files.readAllBytes(path)).isEqualTo(weights);
        assertThat(hub.downloads()).as("six cut responses of 40,000 bytes, then the last 60,000 bytes; more than the "
                + "three attempts allowed without progress").hasSize(7);
    }

    @Test
    void anMlxIndexNamingAShardTheRepositoryLacksIsReported() {
        hub.repo(MLX_REPO, COMMIT)
                .file("config.json", "{}".getBytes(StandardCharsets.UTF_8))
                .file("model-00001-of-00002.safetensors", bytes(1000, 21))
                .file("model.safetensors.index.json", INDEX.getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> ModelResolver.resolve("rotorquant-mlx-8bit", options()))
                .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
                .hasMessageContaining("names the shard 'model-00002-of-00002.safetensors'");
    }

    @Test
    void offlineAnMlxSnapshotMissingAShardIsNotCached() throws IOException {
        hub.repo(MLX_REPO, COMMIT)
                .file("config.json", "{}".getBytes(StandardCharsets.UTF_8))
                .file("model-00001-of-00002.safetensors", bytes(1000, 21))
                .file("model-00002-of-00002.safetensors", bytes(1000, 22))
                .file("model.safetensors.index.json", INDEX.getBytes(StandardCharsets.UTF_8));
        Path snapshot = ModelResolver.resolve("rotorquant-mlx-8bit", options());
        Files.delete(snapshot.resolve("model-00002-of-00002.safetensors"));

        assertThatThrownBy(() -> ModelResolver.resolve("rotorquant-mlx-8bit", options().withOffline(true)))
                .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_CACHED))
                .hasMessageContaining("model-00002-of-00002.safetensors");
    }

    @Test
    void aServerThatGoesSilentMidFileIsLeftAndTheDownloadResumed() throws IOException {
        q4Repo();
        hub.stall(64 * 1024, 1);

        Path path = ModelResolver.resolve("rotorquant-gguf-q4_k_m",
                options().withRetries(3, Duration.ofMillis(5), Duration.ofMillis(500)));

        assertThat(Files.readAllBytes(path)).isEqualTo(weights);
        assertThat(hub.downloads()).hasSize(2);
        assertThat(hub.downloads().get(1).range()).isNotNull();
    }

    @Test
    void aDownloaderInAnotherProcessHoldingTheLockIsWaitedForAndItsBlobReused() throws Exception {
        q4Repo();
        Path lock = cache.resolve(".locks").resolve("models--" + Q4_REPO.replace("/", "--"))
                .resolve(FakeHub.sha256(weights) + ".lock");
        Path blob = repoDir(Q4_REPO).resolve("blobs").resolve(FakeHub.sha256(weights));
        Path source = Files.write(home.resolve("weights.bin"), weights);
        Path locked = home.resolve("locked");

        Process other = LockHolder.start(lock, locked, source, blob);
        try {
            LockHolder.awaitSignal(other, locked);
            Path path = ModelResolver.resolve("rotorquant-gguf-q4_k_m", options());

            assertThat(Files.readAllBytes(path)).isEqualTo(weights);
            assertThat(hub.downloads()).as("the other process's download is reused, not repeated").isEmpty();
        } finally {
            other.destroy();
            other.waitFor();
        }
    }

    @Test
    void aListingWithAPathEscapingFileNameIsRefusedAndNothingIsWrittenOutsideTheCache() throws IOException {
        hub.repo(MLX_REPO, COMMIT)
                .file("config.json", "{}".getBytes(StandardCharsets.UTF_8))
                .file("model.safetensors", bytes(1000, 1))
                .extraListedNames.add("../../../escaped.safetensors");

        assertThatThrownBy(() -> ModelResolver.resolve("rotorquant-mlx-8bit", options()))
                .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSAFE_NAME))
                .hasMessageContaining("'../../../escaped.safetensors'");
        assertThat(hub.downloads()).isEmpty();
        try (Stream<Path> files = Files.walk(cache.getParent(), 3)) {
            assertThat(files).noneMatch(p -> p.getFileName().toString().equals("escaped.safetensors"));
        }
    }

    @Test
    void notEnoughFreeDiskSpaceIsReportedBeforeDownloading() {
        q4Repo().declaredSizes.put(Q4_FILE, 1L << 55);

        assertThatThrownBy(() -> ModelResolver.resolve("rotorquant-gguf-q4_k_m", options()))
                .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DISK_FULL))
                .hasMessageContaining("is free")
                .hasMessageContaining("HF_HUB_CACHE");
        assertThat(hub.downloads()).isEmpty();
    }

    @Test
    void plainHttpIsRefusedExceptOnLoopback() {
        assertThatThrownBy(() -> ModelResolver.resolve("rotorquant-gguf-q4_k_m",
                options().withEndpoint(URI.create("http://hub.example.org"))))
                .isInstanceOfSatisfying(HubException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INSECURE_ENDPOINT))
                .hasMessageContaining("only https://");
    }

    @Test
    void aRedirectToPlainHttpOffLoopbackIsRefused() {
        q4Repo();
        hub.redirectDownloadsTo("http://cdn.example.org");

        assertThatThrownBy(() -> ModelResolver.resolve("rotorquant-gguf-q4_k_m", options()))
                .isInstanceOfSatisfying(HubException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INSECURE_ENDPOINT))
                .hasMessageContaining("refusing redirect target http://cdn.example.org/cdn/");
    }

    @Test
    void anHfUriWithoutAFileNeedsAnUnambiguousRepository() {
        hub.repo("someone/many-quants", COMMIT)
                .file("m-Q4_K_M.gguf", bytes(10, 1))
                .file("m-Q8_0.gguf", bytes(10, 2));

        assertThatThrownBy(() -> ModelResolver.resolve("hf://someone/many-quants@main", options()))
                .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.reason()).isEqualTo(Reason.AMBIGUOUS))
                .hasMessageContaining("m-Q4_K_M.gguf, m-Q8_0.gguf")
                .hasMessageContaining("hf://someone/many-quants/FILE");
    }

    @Test
    void anHfUriToACatalogueRepositoryResolvesAsThatVariant() throws IOException {
        q4Repo();

        ResolvedModel model = new ModelResolver(options()).resolveModel("hf://" + Q4_REPO + "@" + COMMIT);

        assertThat(model.variant()).isNotNull();
        assertThat(model.variant().id()).isEqualTo("rotorquant-gguf-q4_k_m");
        assertThat(model.path().getFileName()).hasToString(Q4_FILE);
        assertThat(repoDir(Q4_REPO).resolve("refs")).doesNotExist();
    }

    private static byte[] bytes(int length, long seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }
}
