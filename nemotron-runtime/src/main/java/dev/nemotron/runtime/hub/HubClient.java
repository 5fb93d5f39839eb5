package dev.nemotron.runtime.hub;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nemotron.runtime.hub.HubException.Reason;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Hugging Face Hub's HTTP API as this runtime needs it: list a repository's files at a revision, and stream
 * a file from {@code resolve/{commit}/{file}}, optionally from a byte offset.
 *
 * <p>Redirects are followed here rather than by {@link HttpClient} so that every hop is checked (HTTPS unless
 * loopback) and the token is sent only to the endpoint's own host: the CDN an LFS download redirects to gets a
 * signed URL and must not see the user's token.
 */
final class HubClient {

    private static final Logger log = LoggerFactory.getLogger(HubClient.class);
    private static final int MAX_REDIRECTS = 10;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HubOptions options;
    private final HttpClient http;

    HubClient(HubOptions options) {
        requireSecure(options.endpoint(), "endpoint");
        this.options = options;
        this.http = HttpClient.newBuilder()
                .connectTimeout(options.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A read-only call that may be repeated after a transient failure. */
    @FunctionalInterface
    interface Attempt<T> {
        T run() throws IOException;
    }

    /** A status the server may answer differently next time (429, 5xx). */
    static final class TransientStatusException extends IOException {
        private static final long serialVersionUID = 1L;

        TransientStatusException(String message) {
            super(message);
        }
    }

    /**
     * The files of {@code repository} at {@code revision}, with their commit.
     *
     * @throws HubException for 401/403, 404, an unreachable endpoint, a malformed answer or an unsafe file name
     */
    RepositoryListing list(String repository, String revision) {
        URI uri = URI.create(options.endpoint() + "/api/models/" + repository + "/revision/" + segment(revision)
                + "?blobs=true");
        String what = "list %s at revision %s".formatted(repository, revision);
        byte[] listing = retrying(what, () -> {
            HttpResponse<InputStream> response = send(uri, null);
            try (InputStream body = response.body()) {
                checkStatus(response.statusCode(), response.headers(), repository, revision, null);
                return body.readAllBytes();
            }
        }, () -> 0);
        return parseListing(repository, listing);
    }

    /**
     * Opens {@code file} of {@code repository} at {@code commit} from byte {@code offset}.
     *
     * @return the body and the offset it starts at: {@code offset} if the server honoured the range, else 0
     * @throws IOException         for a transport failure or a transient status, which the caller may retry
     * @throws HubException        for 401/403, 404 and other final statuses
     */
    FileStream open(String repository, String commit, String file, long offset) throws IOException {
        URI uri = URI.create(options.endpoint() + "/" + repository + "/resolve/" + commit + "/" + path(file));
        HttpResponse<InputStream> response = send(uri, offset > 0 ? "bytes=" + offset + "-" : null);
        int status = response.statusCode();
        if (status == 206 && offset > 0) {
            return new FileStream(new IdleTimeoutStream(response.body(), options.timeout()), offset);
        }
        if (status == 200) {
            return new FileStream(new IdleTimeoutStream(response.body(), options.timeout()), 0);
        }
        response.body().close();
        checkStatus(status, response.headers(), repository, commit, file);
        throw new HubException(Reason.BAD_RESPONSE,
                "unexpected HTTP %d for %s of %s at %s".formatted(status, file, repository, commit));
    }

    /** A response body being read and the byte of the file it starts at. */
    record FileStream(InputStream body, long start) {
    }

    /**
     * Runs {@code attempt} until it succeeds, retrying transport failures and transient statuses with a doubling
     * delay; an attempt that made progress (by {@code progress}) resets the count, so a long download that is
     * cut now and then still finishes.
     */
    <T> T retrying(String what, Attempt<T> attempt, LongSupplier progress) {
        int failures = 0;
        Duration delay = options.retryDelay();
        while (true) {
            long before = progress.getAsLong();
            try {
                return attempt.run();
            } catch (IOException e) {
                failures = progress.getAsLong() > before ? 1 : failures + 1;
                if (failures >= options.maxAttempts()) {
                    throw networkFailure(what, e);
                }
                log.warn("Could not {} ({}); retrying in {} ms", what, describe(e), delay.toMillis());
                sleep(delay);
                delay = delay.multipliedBy(2).compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay.multipliedBy(2);
            }
        }
    }

    private HttpResponse<InputStream> send(URI start, @Nullable String range) throws IOException {
        URI uri = start;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            requireSecure(uri, "redirect target");
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(options.timeout())
                    .header("User-Agent", "nemotron-runtime");
            if (options.token() != null && sameOrigin(uri, options.endpoint())) {
                request.header("Authorization", "Bearer " + options.token());
            }
            if (range != null) {
                request.header("Range", range);
            }
            HttpResponse<InputStream> response = exchange(request.build());
            String location = response.headers().firstValue("Location").orElse(null);
            if (!REDIRECTS.contains(response.statusCode()) || location == null) {
                return response;
            }
            response.body().close();
            uri = uri.resolve(location);
        }
        throw new HubException(Reason.BAD_RESPONSE, "more than %d redirects from %s".formatted(MAX_REDIRECTS, start));
    }

    private HttpResponse<InputStream> exchange(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException(Reason.NETWORK, "interrupted while requesting " + request.uri(), e);
        }
    }

    private void checkStatus(int status, HttpHeaders headers, String repository, String revision,
                             @Nullable String file) throws IOException {
        if (status >= 200 && status < 300) {
            return;
        }
        String errorCode = headers.firstValue("X-Error-Code").orElse("");
        String page = options.endpoint() + "/" + repository;
        if (errorCode.equals("RepoNotFound") || (status == 404 && file == null)) {
            throw new HubException(Reason.NOT_FOUND, ("repository %s or its revision %s was not found (HTTP %d) at %s: "
                    + "check the variant id or repository name and revision; a private repository also needs HF_TOKEN")
                    .formatted(repository, revision, status, options.endpoint()));
        }
        if (status == 401 || status == 403 || errorCode.equals("GatedRepo")) {
            throw new HubException(Reason.UNAUTHORIZED, options.token() == null
                    ? ("repository %s is gated or private (HTTP %d): accept its conditions at %s and set HF_TOKEN to "
                    + "an access token with read access").formatted(repository, status, page)
                    : ("repository %s refused the token in HF_TOKEN (HTTP %d): accept the repository's conditions at "
                    + "%s with the token's account, or use a token with read access").formatted(repository, status,
                    page));
        }
        if (status == 404) {
            throw new HubException(Reason.NOT_FOUND, "file %s is not in %s at revision %s (HTTP 404)"
                    .formatted(file, repository, revision));
        }
        if (status == 429 || status >= 500) {
            throw new TransientStatusException("HTTP " + status + " from " + options.endpoint());
        }
        throw new HubException(Reason.BAD_RESPONSE, "unexpected HTTP %d from %s for %s at %s%s"
                .formatted(status, options.endpoint(), repository, revision, file == null ? "" : " file " + file));
    }

    private RepositoryListing parseListing(String repository, byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new HubException(Reason.BAD_RESPONSE,
                    "the listing of %s is not JSON: %s".formatted(repository, e.getOriginalMessage()), e);
        }
        String commit = root.path("sha").stringValue(null);
        if (commit == null || !root.path("siblings").isArray()) {
            throw new HubException(Reason.BAD_RESPONSE,
                    "the listing of %s has no 'sha' or no 'siblings' array".formatted(repository));
        }
        List<RemoteFile> files = new ArrayList<>();
        for (JsonNode sibling : root.path("siblings").values()) {
            files.add(remoteFile(repository, sibling));
        }
        return new RepositoryListing(repository, SafeNames.commit(commit), List.copyOf(files));
    }

    private static RemoteFile remoteFile(String repository, JsonNode sibling) {
        String path = sibling.path("rfilename").stringValue(null);
        if (path == null) {
            throw new HubException(Reason.BAD_RESPONSE, "a sibling in the listing of %s has no 'rfilename'"
                    .formatted(repository));
        }
        SafeNames.filePath(path);
        JsonNode lfs = sibling.path("lfs");
        String sha256 = lfs.path("sha256").stringValue(null);
        String objectId = sha256 != null ? sha256 : sibling.path("blobId").stringValue(null);
        long size = lfs.path("size").asLong(sibling.path("size").asLong(-1));
        if (objectId == null || size < 0) {
            throw new HubException(Reason.BAD_RESPONSE, ("the listing of %s gives no object id or size for %s "
                    + "(the API must be asked with ?blobs=true)").formatted(repository, path));
        }
        return new RemoteFile(path, size, SafeNames.objectId(objectId.toLowerCase(Locale.ROOT)), sha256 != null);
    }

    private HubException networkFailure(String what, IOException e) {
        return new HubException(Reason.NETWORK, ("could not %s at %s after %d attempts (%s): check the network "
                + "connection and HF_ENDPOINT, or set HF_HUB_OFFLINE=1 to use cached files only")
                .formatted(what, options.endpoint(), options.maxAttempts(), describe(e)), e);
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": "
                + e.getMessage();
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException(Reason.NETWORK, "interrupted while waiting to retry", e);
        }
    }

    /** Plain HTTP would let anyone on the path swap the weights; loopback is exempt for local mirrors and tests. */
    static void requireSecure(URI uri, String what) {
        String scheme = Objects.requireNonNullElse(uri.getScheme(), "").toLowerCase(Locale.ROOT);
        if (scheme.equals("https") || (scheme.equals("http") && isLoopback(uri.getHost()))) {
            return;
        }
        throw new HubException(Reason.INSECURE_ENDPOINT, ("refusing %s %s: only https:// is allowed, or http:// to "
                + "a loopback address (localhost, 127.0.0.1, ::1)").formatted(what, uri));
    }

    private static boolean isLoopback(@Nullable String host) {
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            return InetAddress.ofLiteral(literal).isLoopbackAddress();
        } catch (IllegalArgumentException notAnAddress) {
            // A host name other than localhost is not trusted to be local without a DNS lookup.
            return false;
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(a.getScheme(), b.getScheme()) && Objects.equals(a.getHost(), b.getHost())
                && a.getPort() == b.getPort();
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String path(String file) {
        return String.join("/", Arrays.stream(file.split("/")).map(HubClient::segment).toList());
    }
}
