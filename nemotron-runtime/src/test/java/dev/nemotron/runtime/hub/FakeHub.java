package dev.nemotron.runtime.hub;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Hugging Face Hub on loopback: {@code GET /api/models/{repo}/revision/{rev}?blobs=true} answers the JSON shape
 * of the real API ({@code sha}, {@code siblings} with {@code rfilename}, {@code blobId}, {@code size} and, for LFS
 * files, {@code lfs: {sha256, size, pointerSize}}), and {@code GET /{repo}/resolve/{rev}/{file}} serves the bytes,
 * honouring {@code Range: bytes=N-} with 206. Faults are switched on per test: gated repositories, redirects to a
 * CDN path, connections cut after some bytes, slow answers, corrupted bodies, hostile file names.
 */
public final class FakeHub implements AutoCloseable {

    /** One request as the server saw it. */
    public record Request(String path, String range, String authorization) {
    }

    /** A repository with its files; LFS-stored files are those ending in .gguf or .safetensors. */
    public static final class Repo {
        final String commit;
        final Map<String, byte[]> files = new LinkedHashMap<>();
        final List<String> extraListedNames = new ArrayList<>();
        final Map<String, Long> declaredSizes = new LinkedHashMap<>();
        final Map<String, byte[]> servedInstead = new LinkedHashMap<>();
        String requiredToken;

        Repo(String commit) {
            this.commit = commit;
        }

        public Repo file(String path, byte[] content) {
            files.put(path, content);
            return this;
        }

        Repo gated(String token) {
            requiredToken = token;
            return this;
        }
    }

    private final ExecutorService workers = Executors.newFixedThreadPool(8, task -> {
        Thread thread = new Thread(task, "fake-hub");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpServer server;
    private final Map<String, Repo> repos = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger cutsLeft = new AtomicInteger();
    private volatile long cutAfterBytes = Long.MAX_VALUE;
    private final AtomicInteger stallsLeft = new AtomicInteger();
    private volatile long stallAfterBytes = Long.MAX_VALUE;
    private volatile int chunkDelayMillis;
    private volatile boolean redirectToCdn;
    private volatile String cdnBase;
    private volatile boolean ignoreRange;

    public FakeHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public Repo repo(String id, String commit) {
        Repo repo = new Repo(commit);
        repos.put(id.toLowerCase(), repo);
        return repo;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Requests for file bodies (resolve and CDN paths), the ones that move weights. */
    public List<Request> downloads() {
        return requests.stream().filter(r -> r.path().contains("/resolve/") || r.path().startsWith("/cdn/")).toList();
    }

    /** The next {@code times} file responses stop after {@code bytes} body bytes and drop the connection. */
    void cutConnections(long bytes, int times) {
        cutAfterBytes = bytes;
        cutsLeft.set(times);
    }

    /** The next {@code times} file responses go silent after {@code bytes} body bytes, until the client leaves. */
    void stall(long bytes, int times) {
        stallAfterBytes = bytes;
        stallsLeft.set(times);
    }

    void slow(int millisPerChunk) {
        chunkDelayMillis = millisPerChunk;
    }

    /** LFS downloads answer 302 to {@code http://127.0.0.1:port/cdn/…}, another host than {@code localhost}. */
    void redirectDownloadsToCdn() {
        redirectDownloadsTo(endpoint().toString());
    }

    /** LFS downloads answer 302 to {@code base/cdn/…}. */
    void redirectDownloadsTo(String base) {
        cdnBase = base;
        redirectToCdn = true;
    }

    void ignoreRangeRequests() {
        ignoreRange = true;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        requests.add(new Request(path, exchange.getRequestHeaders().getFirst("Range"),
                exchange.getRequestHeaders().getFirst("Authorization")));
        try (exchange) {
            if (path.startsWith("/api/models/")) {
                listing(exchange, path.substring("/api/models/".length()));
            } else if (path.startsWith("/cdn/")) {
                String[] parts = decode(path.substring("/cdn/".length())).split("/", 3);
                serve(exchange, repos.get((parts[0] + "/" + parts[1]).toLowerCase()), parts[2]);
            } else {
                resolve(exchange, path.substring(1));
            }
        }
    }

    private void listing(HttpExchange exchange, String rest) throws IOException {
        int revision = rest.indexOf("/revision/");
        String id = rest.substring(0, revision);
        Repo repo = repos.get(id.toLowerCase());
        if (repo == null) {
            exchange.getResponseHeaders().add("X-Error-Code", "RepoNotFound");
            send(exchange, 401, "{\"error\":\"Repository not found\"}");
            return;
        }
        if (!authorized(exchange, repo)) {
            exchange.getResponseHeaders().add("X-Error-Code", "GatedRepo");
            send(exchange, exchange.getRequestHeaders().containsKey("Authorization") ? 403 : 401,
                    "{\"error\":\"Access to this repository is restricted\"}");
            return;
        }
        StringBuilder json = new StringBuilder("{\"id\":\"" + id + "\",\"sha\":\"" + repo.commit + "\",\"siblings\":[");
        List<String> entries = new ArrayList<>();
        repo.files.forEach((name, content) -> entries.add(sibling(repo, name, content)));
        repo.extraListedNames.forEach(name -> entries.add(sibling(repo, name, new byte[8])));
        json.append(String.join(",", entries)).append("]}");
        send(exchange, 200, json.toString());
    }

    private static String sibling(Repo repo, String name, byte[] content) {
        long size = repo.declaredSizes.getOrDefault(name, (long) content.length);
        String escaped = name.replace("\\", "\\\\").replace("\"", "\\\"");
        String common = "{\"rfilename\":\"%s\",\"blobId\":\"%s\",\"size\":%d".formatted(escaped,
                gitBlobId(lfs(name) ? pointer(content) : content), size);
        return lfs(name)
                ? common + ",\"lfs\":{\"sha256\":\"%s\",\"size\":%d,\"pointerSize\":134}}".formatted(sha256(content),
                size)
                : common + "}";
    }

    private void resolve(HttpExchange exchange, String rest) throws IOException {
        int marker = rest.indexOf("/resolve/");
        Repo repo = marker < 0 ? null : repos.get(rest.substring(0, marker).toLowerCase());
        if (repo == null) {
            send(exchange, 404, "not found");
            return;
        }
        if (!authorized(exchange, repo)) {
            send(exchange, 401, "gated");
            return;
        }
        String afterRevision = rest.substring(marker + "/resolve/".length());
        String file = decode(afterRevision.substring(afterRevision.indexOf('/') + 1));
        if (redirectToCdn && lfs(file)) {
            String cdn = cdnBase + "/cdn/" + rest.substring(0, marker) + "/" + file;
            exchange.getResponseHeaders().add("Location", cdn);
            exchange.sendResponseHeaders(302, -1);
            return;
        }
        serve(exchange, repo, file);
    }

    private void serve(HttpExchange exchange, Repo repo, String file) throws IOException {
        byte[] content = repo.servedInstead.getOrDefault(file, repo.files.get(file));
        if (content == null) {
            exchange.getResponseHeaders().add("X-Error-Code", "EntryNotFound");
            send(exchange, 404, "entry not found");
            return;
        }
        String range = exchange.getRequestHeaders().getFirst("Range");
        int start = 0;
        if (range != null && !ignoreRange) {
            start = Integer.parseInt(range.substring("bytes=".length(), range.indexOf('-')));
            exchange.getResponseHeaders().add("Content-Range",
                    "bytes %d-%d/%d".formatted(start, content.length - 1, content.length));
        }
        exchange.getResponseHeaders().add("ETag", "\"" + sha256(content) + "\"");
        exchange.sendResponseHeaders(start > 0 ? 206 : 200, content.length - start);
        long limit = cutsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? cutAfterBytes : Long.MAX_VALUE;
        long stallAt = stallsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? stallAfterBytes : Long.MAX_VALUE;
        OutputStream body = exchange.getResponseBody();
        int chunk = 16 * 1024;
        for (int offset = start; offset < content.length; offset += chunk) {
            int length = Math.min(chunk, content.length - offset);
            if (offset - start >= stallAt) {
                silence();
            }
            if (offset - start + length > limit) {
                body.write(content, offset, (int) (limit - (offset - start)));
                body.flush();
                // Ending the exchange short of its Content-Length drops the connection, as a reset would.
                throw new IOException("cut on purpose");
            }
            body.write(content, offset, length);
            body.flush();
            pause();
        }
    }

    private static void silence() throws IOException {
        try {
            Thread.sleep(Duration.ofMinutes(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IOException("stalled on purpose");
    }

    private void pause() {
        if (chunkDelayMillis > 0) {
            try {
                Thread.sleep(chunkDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean authorized(HttpExchange exchange, Repo repo) {
        return repo.requiredToken == null
                || ("Bearer " + repo.requiredToken).equals(exchange.getRequestHeaders().getFirst("Authorization"));
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    static boolean lfs(String name) {
        return name.endsWith(".gguf") || name.endsWith(".safetensors");
    }

    private static byte[] pointer(byte[] content) {
        return ("version https://git-lfs.github.com/spec/v1\noid sha256:%s\nsize %d\n"
                .formatted(sha256(content), content.length)).getBytes(StandardCharsets.US_ASCII);
    }

    public static String sha256(byte[] content) {
        return HexFormat.of().formatHex(digest("SHA-256").digest(content));
    }

    static String gitBlobId(byte[] content) {
        MessageDigest sha1 = digest("SHA-1");
        sha1.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(sha1.digest(content));
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
