package dev.nemotron.spring.ai.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.model.tool.autoconfigure.ToolCallingAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

import dev.nemotron.spring.ai.ChatEngineFactory;
import dev.nemotron.spring.ai.VariantResolver;
import dev.nemotron.spring.ai.testing.ScriptedChatEngine;

class NemotronConfigurationFailureAnalyzerTests {

    private static final String ALL_CODECS = "f32, f16, bf16, q8_0, q4_0, turboquant, rotorquant, rotorquant-planar, "
            + "rotorquant-iso";

    @TempDir
    Path models;

    private Path gguf;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ToolCallingAutoConfiguration.class, NemotronAutoConfiguration.class));

    @BeforeEach
    void writeModel() throws IOException {
        this.gguf = Files.write(this.models.resolve("tiny.gguf"), new byte[] { 'G', 'G', 'U', 'F', 3, 0, 0, 0 });
    }

    @Test
    void theAnalyzerIsRegisteredWithSpringBoot() {
        // Other analyzers of the class path need constructor arguments: skip them, keep what can be built alone.
        assertThat(SpringFactoriesLoader.forDefaultResourceLocation()
            .load(FailureAnalyzer.class, FailureHandler.handleMessage((message, failure) -> {
            }))).hasAtLeastOneElementOfType(NemotronConfigurationFailureAnalyzer.class);
    }

    @Test
    void noModelAtAllSaysWhichPropertyToSetAndWhereModelsComeFrom() {
        failsWith(analysis -> {
            assertThat(analysis.getDescription()).contains("Property: spring.ai.nemotron.model", "(not set)",
                    "no Nemotron model is configured");
            assertThat(analysis.getAction()).contains("Set spring.ai.nemotron.model to a GGUF file or an MLX model "
                    + "directory", "https://huggingface.co/majentik/");
        });
    }

    @Test
    void aVariantMissingFromTheCacheWhileOfflineIsReportedWithTheHubsReason() {
        failsWith(analysis -> {
            assertThat(analysis.getDescription()).contains("Property: spring.ai.nemotron.variant",
                    "Value: rotorquant-gguf-q4_k_m", "offline");
            assertThat(analysis.getAction()).contains("a variant id of the family", "spring.ai.nemotron.model");
        }, "spring.ai.nemotron.variant=rotorquant-gguf-q4_k_m", "spring.ai.nemotron.offline=true",
                "spring.ai.nemotron.cache-dir=" + this.models);
    }

    @Test
    void anUnknownVariantIsReportedWithTheResolversReason() {
        this.contextRunner.withBean(VariantResolver.class, () -> variant -> {
            throw new IllegalArgumentException("no variant " + variant + "; closest: rotorquant-gguf-q4_k_m");
        }).withPropertyValues("spring.ai.nemotron.variant=rotorquant-gguf-q4_k").run(context -> {
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("Property: spring.ai.nemotron.variant",
                    "Value: rotorquant-gguf-q4_k", "closest: rotorquant-gguf-q4_k_m");
            assertThat(analysis.getAction()).contains("a variant id of the family");
        });
    }

    @Test
    void aResolvedVariantThatIsNotAModelIsNamedByTheVariant() throws IOException {
        Path empty = Files.createDirectory(this.models.resolve("half-downloaded"));
        this.contextRunner.withBean(VariantResolver.class, () -> variant -> VariantResolver.Resolution.of(empty))
            .withPropertyValues("spring.ai.nemotron.variant=mlx-8bit")
            .run(context -> assertThat(analyze(context.getStartupFailure()).getDescription())
                .contains("Property: spring.ai.nemotron.variant", "Value: mlx-8bit",
                        "this directory is not an MLX model"));
    }

    @Test
    void aMissingModelFileIsNamed() {
        Path missing = this.models.resolve("absent.gguf");
        failsWith(analysis -> {
            assertThat(analysis.getDescription()).contains("Property: spring.ai.nemotron.model",
                    "Value: " + missing, "no file or directory exists there");
            assertThat(analysis.getAction()).contains("GGUF file or an MLX model directory");
        }, "spring.ai.nemotron.model=" + missing);
    }

    @Test
    void aDirectoryThatIsNotAModelIsRejected() throws IOException {
        Path directory = Files.createDirectory(this.models.resolve("photos"));
        failsWith(analysis -> assertThat(analysis.getDescription()).contains("Value: " + directory,
                "this directory is not an MLX model"), "spring.ai.nemotron.model=" + directory);
    }

    @Test
    void aFileThatIsNotGgufIsRejected() throws IOException {
        Path text = Files.writeString(this.models.resolve("notes.gguf"), "hello");
        failsWith(analysis -> assertThat(analysis.getDescription()).contains("this file is not a GGUF file"),
                "spring.ai.nemotron.model=" + text);
    }

    @Test
    void aClasspathModelThatDoesNotExistIsNamed() {
        failsWith(analysis -> assertThat(analysis.getDescription()).contains("Value: classpath:models/none.gguf",
                "no file or directory exists there"), "spring.ai.nemotron.model=classpath:models/none.gguf");
    }

    @Test
    void remoteLocationsAreNotModels() {
        failsWith(analysis -> {
            assertThat(analysis.getDescription()).contains("this kind of location is not supported");
            assertThat(analysis.getAction()).contains("plain path, a file: URI or a classpath: location");
        }, "spring.ai.nemotron.model=https://example.org/model.gguf");
    }

    @Test
    void anUnknownCodecListsTheAllowedCodecs() {
        failsWith(analysis -> {
            assertThat(analysis.getDescription()).contains("Property: spring.ai.nemotron.kv-cache.codec",
                    "Value: q3_k", "not a KV codec");
            assertThat(analysis.getAction()).isEqualTo("Set spring.ai.nemotron.kv-cache.codec to one of: "
                    + ALL_CODECS + ".");
        }, model(), "spring.ai.nemotron.kv-cache.codec=q3_k");
    }

    @Test
    void anUnknownKeyCodecIsNamedAsTheKeyCodec() {
        failsWith(analysis -> assertThat(analysis.getAction())
            .isEqualTo("Set spring.ai.nemotron.kv-cache.key-codec to one of: " + ALL_CODECS + "."),
                model(), "spring.ai.nemotron.kv-cache.key-codec=int4");
    }

    @Test
    void anUnknownValueCodecIsNamedAsTheValueCodec() {
        failsWith(analysis -> assertThat(analysis.getDescription())
            .contains("Property: spring.ai.nemotron.kv-cache.value-codec"), model(),
                "spring.ai.nemotron.kv-cache.value-codec=");
    }

    @Test
    void bitsOfACodecWithoutABitChoiceAreRejected() {
        failsWith(analysis -> {
            assertThat(analysis.getDescription()).contains("Property: spring.ai.nemotron.kv-cache.bits",
                    "only the turboquant and rotorquant codecs take a bit width");
            assertThat(analysis.getAction()).contains("Remove spring.ai.nemotron.kv-cache.bits");
        }, model(), "spring.ai.nemotron.kv-cache.bits=4");
    }

    @Test
    void bitsACodecDoesNotHaveListTheBitsItHas() {
        failsWith(analysis -> assertThat(analysis.getAction())
            .isEqualTo("Set spring.ai.nemotron.kv-cache.bits to one of: 3, 4 (for rotorquant)."),
                model(), "spring.ai.nemotron.kv-cache.codec=rotorquant", "spring.ai.nemotron.kv-cache.bits=2.5");
    }

    @Test
    void negativeThreadsAreRejected() {
        failsWith(analysis -> {
            assertThat(analysis.getDescription()).contains("Property: spring.ai.nemotron.threads", "Value: -2",
                    "must be a positive number");
            assertThat(analysis.getAction()).contains("a number of 1 or more");
        }, model(), "spring.ai.nemotron.threads=-2");
    }

    @Test
    void aContextLengthOfZeroIsRejected() {
        failsWith(analysis -> assertThat(analysis.getDescription())
            .contains("Property: spring.ai.nemotron.context-length", "Value: 0"),
                model(), "spring.ai.nemotron.context-length=0");
    }

    @Test
    void aModelTheEngineCannotLoadIsReportedWithTheEnginesReason() {
        this.contextRunner.withBean(ChatEngineFactory.class, () -> settings -> {
            throw new IllegalArgumentException("unsupported weight type IQ1_S in blk.0.ffn_up");
        }).withPropertyValues(model()).run(context -> {
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("Property: spring.ai.nemotron.model",
                    "the model could not be loaded: unsupported weight type IQ1_S in blk.0.ffn_up");
            assertThat(analysis.getAction()).contains("ChatEngineFactory");
        });
    }

    private String model() {
        return "spring.ai.nemotron.model=" + this.gguf;
    }

    private void failsWith(Consumer<FailureAnalysis> expectations, String... properties) {
        this.contextRunner.withBean(ChatEngineFactory.class, () -> settings -> new ScriptedChatEngine())
            .withPropertyValues(properties)
            .run(context -> {
                assertThat(context).hasFailed();
                expectations.accept(analyze(context.getStartupFailure()));
            });
    }

    private static FailureAnalysis analyze(Throwable failure) {
        FailureAnalysis analysis = new NemotronConfigurationFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("analysis of %s", failure).isNotNull();
        return analysis;
    }
}
