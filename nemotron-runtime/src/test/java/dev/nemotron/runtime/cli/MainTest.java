package dev.nemotron.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.nemotron.runtime.testing.SharedData;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The command line, run in-process with captured streams. */
class MainTest extends CommandLineTest {

    private static final String SEQ16 = "1,10,300,301,30,92,121,321,329,64,281,482,461,11,12,13";

    @Test
    void infoDescribesArchitecturePatternParametersAndTensorTypes() {
        assertThat(run("info", "--model", model("tiny-f16"))).isZero();
        assertThat(out.toString()).contains("architecture:    nemotron_h_moe").contains("pattern:         MEM*EME")
                .contains("parameters:      293664").contains("tensor_types:    {F16=24, F32=32}")
                .contains("blk.0.ssm_in.weight              F16    {64, 328}");
    }

    @Test
    void infoJsonIsMachineReadable() {
        assertThat(run("info", "--model", model("tiny-dense-f32"), "--json")).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("architecture").asString()).isEqualTo("nemotron_h");
        assertThat(json.get("pattern").asString()).isEqualTo("M-M*-M");
        assertThat(json.get("mapped_bytes").asLong()).isEqualTo(833_568L);
        assertThat(json.get("tensors").size()).isEqualTo(41);
    }

    @Test
    void tokenizePrintsCommaSeparatedIds() {
        assertThat(run("tokenize", "--model", model("tiny-f32"), "--text", "Hello world, the quick brown fox"))
                .isZero();
        assertThat(out.toString().strip()).isEqualTo("92,121,321,329,64,281,52,133,137,125,381,482,461");
    }

    @Test
    void logitsWritesRawFloat32MatchingLlamaCpp() throws Exception {
        Path file = dir.resolve("out.f32");
        assertThat(run("logits", "--model", model("tiny-f32"), "--tokens", SEQ16, "--out", file.toString(),
                "--mode", "incremental", "--kv-type", "f32", "--threads", "2")).isZero();
        float[] logits = SharedData.floats(file);
        float[] expected = SharedData.floats(SharedData.golden("logits/tiny-f32.seq16.llamacpp-kvf32-nofa.f32"));
        assertThat(logits).hasSize(16 * 512);
        for (int i = 0; i < logits.length; i++) {
            assertThat(logits[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-4f));
        }
    }

    @Test
    void generateStreamsTheGreedyContinuationAndReportsTimings() {
        assertThat(run("generate", "--model", model("tiny-f32"), "--prompt", "Hello world, the quick brown fox",
                "--temperature", "0", "--max-tokens", "4")).isZero();
        assertThat(out.toString()).startsWith(" reasoningG res three");
        assertThat(err.toString()).contains("generated 4 tokens").contains("stop: TOKEN_LIMIT");
    }

    @Test
    void aSeedMakesSampledGenerationReproducible() {
        String[] args = {"generate", "--model", model("tiny-f32"), "--prompt", "Hello", "--temperature", "0.9",
                "--top-p", "0.9", "--seed", "42", "--max-tokens", "12"};
        assertThat(run(args)).isZero();
        String first = out.toString();
        out.getBuffer().setLength(0);
        assertThat(run(args)).isZero();
        assertThat(out.toString()).isEqualTo(first);
    }

    @Test
    void badArgumentsExitWith2AndOneLine() {
        assertThat(run("logits", "--model", model("tiny-f32"), "--tokens", "1,x", "--out", "o.f32")).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("nemotron: ").doesNotContain("\n");
    }

    @Test
    void aBadFileExitsWith2AndNamesIt() throws Exception {
        Path bad = dir.resolve("bad.gguf");
        Files.writeString(bad, "not a gguf file at all");
        assertThat(run("info", "--model", bad.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("nemotron: " + bad + ": bad magic 0x20746f6e, not a GGUF file");
    }

    @Test
    void anUnknownTokenIdExitsWith2() {
        assertThat(run("logits", "--model", model("tiny-f32"), "--tokens", "1,999", "--out",
                dir.resolve("o.f32").toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("nemotron: token id 999 is outside the vocabulary of 512");
    }
}
