package dev.nemotron.runtime.hub;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Where and how models are fetched: the cache directory, the Hugging Face endpoint and token, offline mode and
 * the progress listener.
 *
 * <p>{@link #fromEnvironment()} reads the variables {@code huggingface_hub} reads, so a cache filled by other
 * tools is found: {@code HF_HUB_CACHE}, else {@code HF_HOME/hub}, else {@code ~/.cache/huggingface/hub}
 * ({@code XDG_CACHE_HOME} replaces {@code ~/.cache}); {@code HF_ENDPOINT}; {@code HF_TOKEN}, else the token file
 * {@code huggingface-cli login} writes ({@code HF_TOKEN_PATH}, else {@code HF_HOME/token}); {@code HF_HUB_OFFLINE}.
 * An explicit setting, such as {@code spring.ai.nemotron.cache-dir}, is applied with the {@code with…} methods.
 *
 * @param cacheDir    the hub cache root, holding {@code models--owner--name} folders
 * @param endpoint    the Hub's base URI; HTTPS unless the host is loopback
 * @param token       a Hugging Face access token sent as {@code Authorization: Bearer}, or null
 * @param offline     use the cache only, never the network
 * @param listener    receives download progress
 * @param maxAttempts tries per HTTP exchange before a network failure is reported (at least 1)
 * @param retryDelay  pause before the first retry; it doubles for each further one
 * @param timeout     connect timeout, longest wait for a response's headers, and longest silence in a body
 */
public record HubOptions(Path cacheDir, URI endpoint, @Nullable String token, boolean offline,
                         DownloadListener listener, int maxAttempts, Duration retryDelay, Duration timeout) {

    /** The public Hugging Face Hub. */
    public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");

    private static final Set<String> TRUE_VALUES = Set.of("1", "on", "yes", "true");

    public HubOptions {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (token != null && token.isBlank()) {
            token = null;
        }
    }

    /** Options from the process environment, with progress logged every few seconds. */
    public static HubOptions fromEnvironment() {
        return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** Options from the given environment variables and home directory. */
    public static HubOptions fromEnvironment(Map<String, String> env, Path home) {
        Path hfHome = variable(env, "HF_HOME").map(Path::of).orElseGet(() -> variable(env, "XDG_CACHE_HOME")
                .map(Path::of).orElse(home.resolve(".cache")).resolve("huggingface"));
        Path cache = variable(env, "HF_HUB_CACHE").map(Path::of).orElse(hfHome.resolve("hub"));
        URI endpoint = variable(env, "HF_ENDPOINT").map(HubOptions::endpointUri).orElse(DEFAULT_ENDPOINT);
        Path tokenFile = variable(env, "HF_TOKEN_PATH").map(Path::of).orElse(hfHome.resolve("token"));
        String token = variable(env, "HF_TOKEN").orElseGet(() -> readToken(tokenFile));
        boolean offline = variable(env, "HF_HUB_OFFLINE").map(v -> TRUE_VALUES.contains(v.toLowerCase(Locale.ROOT)))
                .orElse(false);
        return new HubOptions(cache, endpoint, token, offline, new LoggingDownloadListener(), 5, Duration.ofSeconds(1),
                Duration.ofSeconds(30));
    }

    /** These options with another cache root. */
    public HubOptions withCacheDir(Path dir) {
        return new HubOptions(dir, endpoint, token, offline, listener, maxAttempts, retryDelay, timeout);
    }

    /** These options with another endpoint. */
    public HubOptions withEndpoint(URI uri) {
        return new HubOptions(cacheDir, endpointUri(uri.toString()), token, offline, listener, maxAttempts,
                retryDelay, timeout);
    }

    /** These options with another token; null or blank sends none. */
    public HubOptions withToken(@Nullable String newToken) {
        return new HubOptions(cacheDir, endpoint, newToken, offline, listener, maxAttempts, retryDelay, timeout);
    }

    /** These options with offline mode on or off. */
    public HubOptions withOffline(boolean cacheOnly) {
        return new HubOptions(cacheDir, endpoint, token, cacheOnly, listener, maxAttempts, retryDelay, timeout);
    }

    /** These options with another progress listener. */
    public HubOptions withListener(DownloadListener newListener) {
        return new HubOptions(cacheDir, endpoint, token, offline, newListener, maxAttempts, retryDelay, timeout);
    }

    /** These options with another retry policy and timeout. */
    public HubOptions withRetries(int attempts, Duration delay, Duration newTimeout) {
        return new HubOptions(cacheDir, endpoint, token, offline, listener, attempts, delay, newTimeout);
    }

    private static URI endpointUri(String value) {
        String trimmed = value.strip();
        return URI.create(trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
    }

    private static Optional<String> variable(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static @Nullable String readToken(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file).strip() : null;
        } catch (IOException e) {
            // An unreadable token file counts as none: a gated repository then fails with the hint to set HF_TOKEN.
            return null;
        }
    }

    @Override
    public String toString() {
        return "HubOptions[cacheDir=%s, endpoint=%s, token=%s, offline=%s]"
                .formatted(cacheDir, endpoint, token == null ? "none" : "set", offline);
    }
}
