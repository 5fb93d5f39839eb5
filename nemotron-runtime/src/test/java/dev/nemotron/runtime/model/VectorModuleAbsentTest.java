package dev.nemotron.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nemotron.runtime.cli.Main;
import dev.nemotron.runtime.testing.SharedData;

/**
 * Without {@code --add-modules jdk.incubator.vector} the whole engine runs on its scalar loops (weights, float
 * helpers, KV cache and codecs alike) and computes the same logits up to the order of float additions.
 */
class VectorModuleAbsentTest {

    @TempDir
    Path dir;

    @Test
    void theEngineRunsWithoutTheVectorModuleAndGivesTheSameLogits() throws Exception {
        Path model = SharedData.goldenModel("tiny-f32");
        int[] tokens = SharedData.sequence("seq16", 512);
        Path out = dir.resolve("logits.f32");

        String output = runWithoutVectorModule("logits", "--model", model.toString(), "--tokens", join(tokens),
                "--out", out.toString(), "--kv-codec", "f32");

        assertThat(output).doesNotContain("Exception").doesNotContain("Error");
        float[] scalar = SharedData.floats(out);
        try (NemotronModel m = NemotronModel.load(model, LoadOptions.defaults().withKvCodec("f32"))) {
            float[] vector = Logits.compute(m, tokens, true);
            float max = 0;
            for (int i = 0; i < vector.length; i++) {
                max = Math.max(max, Math.abs(vector[i] - scalar[i]));
            }
            assertThat(max).isLessThanOrEqualTo(1e-4f);
        }
    }

    @Test
    void everyKvCodecRunsWithoutTheVectorModule() throws Exception {
        for (String codec : List.of("f16", "bf16", "q8_0", "q4_0", "turboquant", "rotorquant")) {
            String output = runWithoutVectorModule("generate", "--model",
                    SharedData.goldenModel("tiny256-q8_0").toString(), "--prompt", "hi", "--max-tokens", "4",
                    "--kv-codec", codec);

            assertThat(output).as(codec).contains("stop: TOKEN_LIMIT").doesNotContain("Exception");
        }
    }

    private static String runWithoutVectorModule(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static String join(int[] tokens) {
        StringBuilder joined = new StringBuilder();
        for (int t : tokens) {
            joined.append(joined.isEmpty() ? "" : ",").append(t);
        }
        return joined.toString();
    }
}
