package dev.nemotron.runtime.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import dev.nemotron.runtime.hub.HubException.Reason;

class SafeNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"../x.gguf", "a/../../x", "/etc/passwd", "C:/Windows/x.dll", "c:x.gguf", "a\\..\\b",
            "dir\\file.gguf", "./config.json", "a//b", "", "a/", "x\u0000.gguf", "x\n.gguf", "..", "."})
    void fileNamesThatCouldEscapeTheSnapshotAreRefused(String name) {
        assertThatThrownBy(() -> SafeNames.filePath(name))
                .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSAFE_NAME))
                .hasMessageContaining("refusing file name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"config.json", "Q8_0/model-Q8_0-00001-of-00003.gguf", "a..b.gguf", ".gitattributes",
            "tokenizer.json"})
    void ordinaryRepositoryPathsPass(String name) {
        assertThat(SafeNames.filePath(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"owner", "owner/name/extra", "../name", "owner/..", "own er/name", "-x/name", "o/n:1"})
    void malformedRepositoryIdsAreRefused(String id) {
        assertThatThrownBy(() -> SafeNames.repository(id)).isInstanceOf(HubException.class);
    }

    @Test
    void revisionsMayHaveSlashesButNoDotSegments() {
        assertThat(SafeNames.revision("refs/pr/1")).isEqualTo("refs/pr/1");
        assertThatThrownBy(() -> SafeNames.revision("../../x")).isInstanceOf(HubException.class);
        assertThatThrownBy(() -> SafeNames.revision("main/")).isInstanceOf(HubException.class);
    }

    @Test
    void commitsAndObjectIdsMustBeHex() {
        assertThatThrownBy(() -> SafeNames.commit("../../../../tmp/x")).isInstanceOf(HubException.class);
        assertThatThrownBy(() -> SafeNames.objectId("ABC")).isInstanceOf(HubException.class);
        assertThat(SafeNames.objectId("a".repeat(64))).hasSize(64);
    }

    @Test
    void theCacheRefusesASnapshotPathOutsideItsSnapshot(@org.junit.jupiter.api.io.TempDir Path root) {
        HubCache cache = new HubCache(root);

        assertThat(cache.snapshotFile("o/n", "a".repeat(40), "sub/x.gguf"))
                .isEqualTo(root.resolve("models--o--n/snapshots/" + "a".repeat(40) + "/sub/x.gguf"));
        assertThatThrownBy(() -> cache.snapshotFile("o/n", "a".repeat(40), "../../../x"))
                .isInstanceOf(HubException.class);
    }
}
