package dev.nemotron.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.nemotron.runtime.hub.FakeHub;
import picocli.CommandLine;

@Timeout(60)
class PullCommandTest {

    private static final String REPO = "majentik/nemotron3-nano-omni-30b-turboquant-gguf-Q5_K_M";
    private static final String COMMIT = "fedcba9876543210fedcba9876543210fedcba98";

    @TempDir
    Path cache;

    private FakeHub hub;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void startHub() throws IOException {
        hub = new FakeHub();
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    private int run(Object command, String... args) {
        return new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void pullDownloadsTheVariantAndPrintsItsPath() throws IOException {
        byte[] weights = new byte[200_000];
        new Random(7).nextBytes(weights);
        hub.repo(REPO, COMMIT).file("model-Q5_K_M.gguf", weights);

        int exit = run(new PullCommand(), "--cache-dir", cache.toString(), "--endpoint", hub.endpoint().toString(),
                "turboquant-gguf-q5_k_m-tq-kv");

        assertThat(exit).as(err.toString()).isZero();
        Path path = Path.of(out.toString().strip());
        assertThat(path).isEqualTo(cache.resolve("models--" + REPO.replace("/", "--")).resolve("snapshots")
                .resolve(COMMIT).resolve("model-Q5_K_M.gguf"));
        assertThat(Files.readAllBytes(path)).isEqualTo(weights);
        assertThat(err.toString()).contains("turboquant-gguf-q5_k_m-tq-kv: GGUF, KV codec turboquant");
    }

    @Test
    void pullOfAnUnknownVariantExitsWithTheClosestIds() {
        int exit = run(new PullCommand(), "--cache-dir", cache.toString(), "--offline", "turboquant-q5_k_m");

        assertThat(exit).isEqualTo(PullCommand.BAD_INPUT);
        assertThat(err.toString()).contains("unknown variant 'turboquant-q5_k_m'; closest ids: ");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void pullOfAKvRootCardExplainsWhyItCannotBeLoaded() {
        int exit = run(new PullCommand(), "--cache-dir", cache.toString(), "rotorquant");

        assertThat(exit).isEqualTo(PullCommand.BAD_INPUT);
        assertThat(err.toString()).contains("publishes no weights");
    }

    @Test
    void pullOfflineWithAnEmptyCacheFails() {
        int exit = run(new PullCommand(), "--cache-dir", cache.toString(), "--offline", "--no-progress",
                "rotorquant-mlx-4bit");

        assertThat(exit).isEqualTo(PullCommand.FAILED);
        assertThat(err.toString()).contains("rotorquant-mlx-4bit is not in the cache");
    }

    @Test
    void variantsListsEveryVariantWithFormatSizeAndKvCodec() {
        int exit = run(new VariantsCommand());

        assertThat(exit).isZero();
        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(1 + 56);
        assertThat(lines[0]).startsWith("ID").contains("FORMAT", "SIZE", "KV CODEC");
        assertThat(out.toString()).containsPattern("rotorquant-gguf-q4_k_m-rq-kv +GGUF +Q4_K_M +33 GB +rotorquant")
                .containsPattern("mmproj-f16 .*not loadable: projector")
                .containsPattern("turboquant +- +- +n/a +turboquant +not loadable: kv-root");
    }
}
