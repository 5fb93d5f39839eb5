package dev.nemotron.spring.ai.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.autoconfigure.ToolCallingAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.nemotron.runtime.chat.ChatEngine;
import dev.nemotron.spring.ai.ChatEngineFactory;
import dev.nemotron.runtime.hub.HubOptions;
import dev.nemotron.spring.ai.EngineSettings;
import dev.nemotron.spring.ai.HubVariantResolver;
import dev.nemotron.spring.ai.NemotronChatModel;
import dev.nemotron.spring.ai.NemotronChatOptions;
import dev.nemotron.spring.ai.RuntimeChatEngineFactory;
import dev.nemotron.spring.ai.VariantResolver;
import dev.nemotron.spring.ai.testing.ScriptedChatEngine;
import dev.nemotron.spring.ai.testing.ScriptedChatEngine.Turn;

class NemotronAutoConfigurationTests {

    @TempDir
    Path models;

    private final ScriptedChatEngine engine = new ScriptedChatEngine();

    private final AtomicInteger loads = new AtomicInteger();

    private Path gguf;

    private ApplicationContextRunner contextRunner;

    @BeforeEach
    void writeModelAndRunner() throws IOException {
        this.gguf = Files.write(this.models.resolve("tiny.gguf"), new byte[] { 'G', 'G', 'U', 'F', 3, 0, 0, 0 });
        ChatEngineFactory factory = settings -> {
            this.loads.incrementAndGet();
            return this.engine;
        };
        this.contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ToolCallingAutoConfiguration.class,
                    NemotronAutoConfiguration.class, NemotronHealthAutoConfiguration.class))
            .withBean(ChatEngineFactory.class, () -> factory)
            .withPropertyValues("spring.ai.nemotron.model=" + this.gguf);
    }

    @Test
    void chatModelIsConfiguredByDefault() {
        this.contextRunner.run(context -> {
            assertThat(context).hasSingleBean(NemotronChatModel.class);
            assertThat(context.getBean(ChatEngine.class)).isSameAs(this.engine);
        });
    }

    @Test
    void chatModelIsConfiguredWhenSpringAiModelChatNamesNemotron() {
        this.contextRunner.withPropertyValues("spring.ai.model.chat=nemotron")
            .run(context -> assertThat(context).hasSingleBean(NemotronChatModel.class));
    }

    @Test
    void nothingIsConfiguredOrLoadedWhenSpringAiModelChatIsNone() {
        this.contextRunner.withPropertyValues("spring.ai.model.chat=none").run(context -> {
            assertThat(context).doesNotHaveBean(NemotronChatModel.class).doesNotHaveBean(ChatEngine.class);
            assertThat(this.loads).hasValue(0);
        });
    }

    @Test
    void nothingIsConfiguredWhenSpringAiModelChatNamesAnotherProvider() {
        this.contextRunner.withPropertyValues("spring.ai.model.chat=ollama")
            .run(context -> assertThat(context).doesNotHaveBean(NemotronChatModel.class));
    }

    @Test
    void chatPropertiesBecomeTheModelsDefaultOptions() {
        this.contextRunner.withPropertyValues(
        // @formatter:off
                "spring.ai.nemotron.chat.thinking=false",
                "spring.ai.nemotron.chat.temperature=0.6",
                "spring.ai.nemotron.chat.top-p=0.95",
                "spring.ai.nemotron.chat.top-k=20",
                "spring.ai.nemotron.chat.min-p=0.01",
                "spring.ai.nemotron.chat.max-tokens=512",
                "spring.ai.nemotron.chat.stop-sequences=END,STOP",
                "spring.ai.nemotron.chat.seed=42",
                "spring.ai.nemotron.chat.repetition-penalty=1.1",
                "spring.ai.nemotron.chat.presence-penalty=0.5",
                "spring.ai.nemotron.chat.frequency-penalty=0.25")
                // @formatter:on
            .run(context -> assertThat(context.getBean(NemotronChatModel.class).getOptions())
                .isEqualTo(NemotronChatOptions.builder()
                    .model("tiny.gguf")
                    .thinking(false)
                    .temperature(0.6)
                    .topP(0.95)
                    .topK(20)
                    .minP(0.01)
                    .maxTokens(512)
                    .stopSequences(List.of("END", "STOP"))
                    .seed(42L)
                    .repetitionPenalty(1.1)
                    .presencePenalty(0.5)
                    .frequencyPenalty(0.25)
                    .build()));
    }

    @Test
    void thinkingIsOnByDefaultAsOnTheModelCard() {
        this.contextRunner.run(context -> assertThat(context.getBean(NemotronChatModel.class).getOptions()
            .getThinking()).isTrue());
    }

    @Test
    void enginePropertiesBecomeTheEngineSettings() {
        this.contextRunner.withPropertyValues("spring.ai.nemotron.kv-cache.codec=TurboQuant",
                "spring.ai.nemotron.kv-cache.bits=3.5", "spring.ai.nemotron.context-length=32768",
                "spring.ai.nemotron.threads=8")
            .run(context -> assertThat(context.getBean(EngineSettings.class))
                .isEqualTo(new EngineSettings(this.gguf, "turboquant", "turboquant", 3.5, 32768, 8)));
    }

    @Test
    void keyAndValueCodecsOverrideTheCommonCodec() {
        this.contextRunner.withPropertyValues("spring.ai.nemotron.kv-cache.codec=q8_0",
                "spring.ai.nemotron.kv-cache.value-codec=rotorquant", "spring.ai.nemotron.kv-cache.bits=3")
            .run(context -> assertThat(context.getBean(EngineSettings.class))
                .isEqualTo(new EngineSettings(this.gguf, "q8_0", "rotorquant", 3.0, null, null)));
    }

    @Test
    void theKvCacheIsF16ByDefault() {
        this.contextRunner.run(context -> assertThat(context.getBean(EngineSettings.class))
            .isEqualTo(new EngineSettings(this.gguf, "f16", "f16", null, null, null)));
    }

    @Test
    void modelMayBeAFileUri() {
        this.contextRunner.withPropertyValues("spring.ai.nemotron.model=" + this.gguf.toUri())
            .run(context -> assertThat(context.getBean(EngineSettings.class).model()).isEqualTo(this.gguf));
    }

    @Test
    void modelMayBeAClasspathLocation() throws MalformedURLException {
        URLClassLoader classLoader = new URLClassLoader(new URL[] { this.models.toUri().toURL() },
                getClass().getClassLoader());
        this.contextRunner.withClassLoader(classLoader)
            .withPropertyValues("spring.ai.nemotron.model=classpath:tiny.gguf")
            .run(context -> assertThat(context.getBean(EngineSettings.class).model()).isEqualTo(this.gguf));
    }

    @Test
    void modelMayBeAnMlxDirectory() throws IOException {
        Path mlx = Files.createDirectory(this.models.resolve("nano-mlx-8bit"));
        Files.writeString(mlx.resolve("config.json"), "{}");
        Files.write(mlx.resolve("model.safetensors"), new byte[8]);
        this.contextRunner.withPropertyValues("spring.ai.nemotron.model=" + mlx)
            .run(context -> {
                assertThat(context.getBean(EngineSettings.class).model()).isEqualTo(mlx);
                assertThat(context.getBean(NemotronChatModel.class).getOptions().getModel())
                    .isEqualTo("nano-mlx-8bit");
            });
    }

    @Test
    void aVariantResolverTurnsTheVariantIntoTheModel() {
        this.contextRunner.withBean(VariantResolver.class, () -> variant -> VariantResolver.Resolution.of(this.gguf))
            .withPropertyValues("spring.ai.nemotron.model=", "spring.ai.nemotron.variant=rotorquant-gguf-q4_k_m")
            .run(context -> assertThat(context.getBean(EngineSettings.class))
                .isEqualTo(new EngineSettings(this.gguf, "f16", "f16", null, null, null)));
    }

    @Test
    void theKvCodecAVariantPairsWithItsWeightsIsUsedUnlessOneIsConfigured() {
        ApplicationContextRunner withRqKvVariant = this.contextRunner
            .withBean(VariantResolver.class, () -> variant -> new VariantResolver.Resolution(this.gguf, "rotorquant"))
            .withPropertyValues("spring.ai.nemotron.model=", "spring.ai.nemotron.variant=rotorquant-gguf-q4_k_m-rq-kv");
        withRqKvVariant.run(context -> assertThat(context.getBean(EngineSettings.class).keyCodec())
            .isEqualTo("rotorquant"));
        withRqKvVariant.withPropertyValues("spring.ai.nemotron.kv-cache.codec=q8_0")
            .run(context -> assertThat(context.getBean(EngineSettings.class).keyCodec()).isEqualTo("q8_0"));
    }

    @Test
    void variantsAreResolvedThroughTheHubWithTheCacheAndOfflineProperties() {
        this.contextRunner.withPropertyValues("spring.ai.nemotron.cache-dir=" + this.models,
                "spring.ai.nemotron.offline=true")
            .run(context -> {
                assertThat(context.getBean(VariantResolver.class)).isInstanceOf(HubVariantResolver.class);
                HubOptions options = context.getBean(HubVariantResolver.class).options();
                assertThat(options.cacheDir()).isEqualTo(this.models);
                assertThat(options.offline()).isTrue();
            });
    }

    @Test
    void theModelPropertyWinsOverTheVariant() {
        this.contextRunner
            .withBean(VariantResolver.class, () -> variant -> VariantResolver.Resolution.of(this.models.resolve("x")))
            .withPropertyValues("spring.ai.nemotron.variant=rotorquant-gguf-q4_k_m")
            .run(context -> assertThat(context.getBean(EngineSettings.class).model()).isEqualTo(this.gguf));
    }

    @Test
    void theModelIsLoadedOnceAndClosedWithTheContext() {
        this.contextRunner.run(context -> {
            context.getBean(NemotronChatModel.class);
            assertThat(this.engine.isClosed()).isFalse();
        });
        assertThat(this.loads).hasValue(1);
        assertThat(this.engine.isClosed()).isTrue();
    }

    @Test
    void anApplicationsOwnEngineNeedsNoModelProperty() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ToolCallingAutoConfiguration.class,
                    NemotronAutoConfiguration.class))
            .withBean(ChatEngine.class, () -> this.engine)
            .run(context -> {
                assertThat(context).hasNotFailed().hasSingleBean(NemotronChatModel.class)
                    .doesNotHaveBean(EngineSettings.class);
                assertThat(context.getBean(NemotronChatModel.class).getOptions().getModel()).isEqualTo("nemotron");
            });
    }

    @Test
    void theDefaultEngineFactoryIsTheRuntimeLoader() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ToolCallingAutoConfiguration.class,
                    NemotronAutoConfiguration.class))
            .withBean(ChatEngine.class, () -> this.engine)
            .run(context -> assertThat(context.getBean(ChatEngineFactory.class))
                .isInstanceOf(RuntimeChatEngineFactory.class));
    }

    @Test
    void callsAreObservedThroughTheApplicationsObservationRegistry() {
        TestObservationRegistry registry = TestObservationRegistry.create();
        this.engine.turn(Turn.of(3, Duration.ZERO, Duration.ZERO).content("Hi"));
        this.contextRunner.withBean(ObservationRegistry.class, () -> registry).run(context -> {
            context.getBean(NemotronChatModel.class).call(new Prompt("Hello"));

            TestObservationRegistryAssert.assertThat(registry)
                .hasObservationWithNameEqualTo("gen_ai.client.operation")
                .that()
                .hasLowCardinalityKeyValue("gen_ai.request.model", "tiny.gguf");
        });
    }

    @Test
    void healthReportsTheLoadedModel() {
        this.contextRunner.run(context -> {
            Health health = context.getBean("nemotronHealthIndicator", HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("model", "scripted nemotron_h_moe test engine")
                .containsEntry("contextLength", 4096)
                .containsEntry("location", this.gguf.toString())
                .containsEntry("kvCache", "f16 keys, f16 values");
        });
    }

    @Test
    void thereIsNoHealthIndicatorWithoutSpringBootHealth() {
        this.contextRunner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
            .run(context -> assertThat(context).hasSingleBean(NemotronChatModel.class)
                .doesNotHaveBean(NemotronHealthIndicator.class));
    }

    @Test
    void theHealthIndicatorCanBeDisabled() {
        this.contextRunner.withPropertyValues("management.health.nemotron.enabled=false")
            .run(context -> assertThat(context).doesNotHaveBean(NemotronHealthIndicator.class));
    }
}
