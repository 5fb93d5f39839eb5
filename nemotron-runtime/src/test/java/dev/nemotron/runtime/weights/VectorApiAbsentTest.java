package dev.nemotron.runtime.weights;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Without {@code --add-modules jdk.incubator.vector} the formats still compute, with their scalar references. */
class VectorApiAbsentTest {

    @Test
    void everyFormatFallsBackToItsReferenceWhenTheVectorModuleIsAbsent() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                VectorlessProbe.class.getName())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).contains("vectorKernels=false").contains("ok").doesNotContain("Exception");
        assertThat(process.exitValue()).isZero();
    }
}
