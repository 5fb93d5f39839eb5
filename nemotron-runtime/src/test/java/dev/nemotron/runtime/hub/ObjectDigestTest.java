package dev.nemotron.runtime.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ObjectDigestTest {

    private static String digest(RemoteFile file, String content) {
        ObjectDigest digest = new ObjectDigest(file);
        digest.update(ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII)));
        return digest.finish();
    }

    @Test
    void gitFilesHashToTheirGitBlobId() {
        // `printf 'hello\n' | git hash-object --stdin`
        assertThat(digest(new RemoteFile("a.txt", 6, "0".repeat(40), false), "hello\n"))
                .isEqualTo("ce013625030ba8dba906f756967f9e9ca394464a");
    }

    @Test
    void lfsFilesHashToTheirSha256() {
        // FIPS 180-2 test vector for "abc".
        assertThat(digest(new RemoteFile("a.gguf", 3, "0".repeat(64), true), "abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
