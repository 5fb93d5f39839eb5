package dev.nemotron.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nemotron.runtime.model.LoadOptions;
import dev.nemotron.runtime.model.Logits;
import dev.nemotron.runtime.model.NemotronModel;
import dev.nemotron.runtime.testing.SharedData;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The KV cache options of the command line, run in-process: {@code info} prints the cache size, {@code generate}
 * and {@code logits} run with the chosen codec.
 *
 * <p>Expected sizes are counted by hand from the codec layouts: golden {@code tiny256} has one attention layer
 * ({@code MEM*EME}) with 2 KV heads of 64 values; a q8_0 head vector is 2 blocks of 34 bytes, a 2-bit TurboQuant
 * one 64 × 2 / 8 = 16 bytes of indices and a 2-byte norm, a 3-bit one 24 + 2 bytes.
 */
class KvCacheOptionsTest {

    private static final String SEQ16 = "1,10,300,301,30,92,121,321,329,64,281,482,461,11,12,13";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    private static String model(String name) {
        return SharedData.goldenModel(name).toString();
    }

    private JsonNode kvCache(String... options) {
        String[] args = new String[options.length + 4];
        args[0] = "info";
        args[1] = "--model";
        args[2] = model("tiny256-f32");
        args[3] = "--json";
        System.arraycopy(options, 0, args, 4, options.length);
        assertThat(run(args)).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        out.getBuffer().setLength(0);
        return json.get("kv_cache");
    }

    @Test
    void infoPrintsTheKvCacheSizePerTokenAndForTheContext() {
        JsonNode q8 = kvCache("--context", "1000", "--kv-codec", "q8_0");
        assertThat(q8.get("attention_layers").asInt()).isEqualTo(1);
        assertThat(q8.get("bytes_per_token").asLong()).isEqualTo(1 * 2 * 2 * 68);
        assertThat(q8.get("bytes").asLong()).isEqualTo(1000L * 272);
        assertThat(q8.get("codec").asString()).isEqualTo("q8_0");

        JsonNode turbo = kvCache("--context", "4096", "--kv-codec", "turboquant", "--kv-bits", "2");
        assertThat(turbo.get("bytes_per_token").asLong()).isEqualTo(2 * 2 * 18);
        assertThat(turbo.get("size").asString()).isEqualTo("288 KiB");

        JsonNode mixed = kvCache("--context", "1", "--kv-key-codec", "q8_0", "--kv-value-codec", "turboquant");
        assertThat(mixed.get("bytes_per_token").asLong()).isEqualTo(2 * (68 + 26));
        assertThat(mixed.get("codec").asString()).isEqualTo("q8_0+turboquant");
    }

    @Test
    void infoWithoutContextGivesTheSizeForTheModelsContextLength() {
        JsonNode f16 = kvCache();
        assertThat(f16.get("bytes_per_token").asLong()).isEqualTo(2 * 2 * 128);
        assertThat(f16.get("context").asLong()).isPositive();
        assertThat(f16.get("bytes").asLong()).isEqualTo(f16.get("context").asLong() * 512);
    }

    @Test
    void infoTextShowsTheKvCacheLine() {
        assertThat(run("info", "--model", model("tiny256-f32"), "--context", "262144", "--kv-codec", "f32"))
                .isZero();
        assertThat(out.toString()).contains("kv_cache:").contains("bytes_per_token=1024")
                .contains("size=256 MiB");
    }

    @Test
    void aBitWidthTheCodecDoesNotOfferExitsWith2AndNamesTheWidths() {
        assertThat(run("info", "--model", model("tiny256-f32"), "--kv-codec", "rotorquant", "--kv-bits", "2"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("rotorquant").contains("[3, 4]");
    }

    @Test
    void generateRunsWithTheChosenCodec() {
        assertThat(run("generate", "--model", model("tiny-f32"), "--prompt", "Hello world", "--temperature", "0",
                "--max-tokens", "4", "--kv-codec", "turboquant", "--kv-bits", "4")).as(err.toString()).isZero();
        assertThat(err.toString()).contains("generated 4 tokens");
        err.getBuffer().setLength(0);
        assertThat(run("generate", "--model", model("tiny-f32"), "--prompt", "Hello world", "--max-tokens", "4",
                "--kv-codec", "no-such-codec")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown KV codec 'no-such-codec'");
    }

    @Test
    void logitsUseTheChosenCodecs() throws Exception {
        Path file = dir.resolve("out.f32");
        assertThat(run("logits", "--model", model("tiny256-f32"), "--tokens", SEQ16, "--out", file.toString(),
                "--kv-key-codec", "q8_0", "--kv-value-codec", "q4_0", "--threads", "2")).as(err.toString()).isZero();
        int[] tokens = java.util.Arrays.stream(SEQ16.split(",")).mapToInt(Integer::parseInt).toArray();
        float[] expected;
        float[] f32Cache;
        LoadOptions options = LoadOptions.defaults().withThreads(2);
        try (NemotronModel m = NemotronModel.load(SharedData.goldenModel("tiny256-f32"),
                options.withKvCodecs("q8_0", "q4_0"))) {
            expected = Logits.compute(m, tokens, true);
        }
        try (NemotronModel m = NemotronModel.load(SharedData.goldenModel("tiny256-f32"), options.withKvCodec("f32"))) {
            f32Cache = Logits.compute(m, tokens, true);
        }
        float[] actual = floats(Files.readAllBytes(file));
        // The command's batch may be split differently from one prefill call: float rounding only.
        assertThat(maxAbsDifference(actual, expected)).isLessThan(1e-5f);
        assertThat(maxAbsDifference(actual, f32Cache)).isGreaterThan(1e-3f);
    }

    private static float maxAbsDifference(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static float[] floats(byte[] bytes) {
        float[] out = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
