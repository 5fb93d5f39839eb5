package dev.nemotron.runtime.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubOptionsTest {

    @TempDir
    Path home;

    @Test
    void withoutVariablesTheCacheIsHuggingFacesDefaultUnderTheHomeDirectory() {
        HubOptions options = HubOptions.fromEnvironment(Map.of(), home);

        assertThat(options.cacheDir()).isEqualTo(home.resolve(".cache/huggingface/hub"));
        assertThat(options.endpoint()).isEqualTo(URI.create("https://huggingface.co"));
        assertThat(options.token()).isNull();
        assertThat(options.offline()).isFalse();
    }

    @Test
    void hfHubCacheWinsOverHfHomeWhichWinsOverXdgCacheHome() {
        assertThat(HubOptions.fromEnvironment(Map.of("XDG_CACHE_HOME", "/x"), home).cacheDir())
                .isEqualTo(Path.of("/x/huggingface/hub"));
        assertThat(HubOptions.fromEnvironment(Map.of("XDG_CACHE_HOME", "/x", "HF_HOME", "/h"), home).cacheDir())
                .isEqualTo(Path.of("/h/hub"));
        assertThat(HubOptions.fromEnvironment(Map.of("HF_HOME", "/h", "HF_HUB_CACHE", "/c"), home).cacheDir())
                .isEqualTo(Path.of("/c"));
    }

    @Test
    void anExplicitCacheDirWinsOverTheEnvironment() {
        assertThat(HubOptions.fromEnvironment(Map.of("HF_HUB_CACHE", "/c"), home).withCacheDir(Path.of("/s"))
                .cacheDir()).isEqualTo(Path.of("/s"));
    }

    @Test
    void endpointTokenAndOfflineComeFromTheirVariables() {
        HubOptions options = HubOptions.fromEnvironment(Map.of("HF_ENDPOINT", "https://mirror.example/",
                "HF_TOKEN", "hf_abc", "HF_HUB_OFFLINE", "TRUE"), home);

        assertThat(options.endpoint()).isEqualTo(URI.create("https://mirror.example"));
        assertThat(options.token()).isEqualTo("hf_abc");
        assertThat(options.offline()).isTrue();
        assertThat(options.toString()).doesNotContain("hf_abc");
        assertThat(HubOptions.fromEnvironment(Map.of("HF_HUB_OFFLINE", "0"), home).offline()).isFalse();
    }

    @Test
    void theTokenFileOfHuggingFaceLoginIsReadWhenHfTokenIsUnset() throws IOException {
        Path hfHome = Files.createDirectories(home.resolve("hf"));
        Files.writeString(hfHome.resolve("token"), "hf_from_file\n");

        assertThat(HubOptions.fromEnvironment(Map.of("HF_HOME", hfHome.toString()), home).token())
                .isEqualTo("hf_from_file");
        assertThat(HubOptions.fromEnvironment(Map.of("HF_HOME", hfHome.toString(), "HF_TOKEN", "hf_env"), home)
                .token()).isEqualTo("hf_env");
    }
}
