package dev.nemotron.spring.ai.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration;
import org.springframework.ai.model.tool.autoconfigure.ToolCallingAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.nemotron.runtime.chat.ChatEngine;
import dev.nemotron.runtime.hub.FakeHub;
import dev.nemotron.runtime.hub.HubOptions;
import dev.nemotron.spring.ai.EngineSettings;
import dev.nemotron.spring.ai.HubVariantResolver;
import dev.nemotron.spring.ai.NemotronChatOptions;
import dev.nemotron.spring.ai.VariantResolver;

/**
 * {@code spring.ai.nemotron.variant} at startup through the runtime's hub client, against the runtime's loopback
 * Hugging Face hub serving the golden tiny-f32.gguf as the Q4_K_M variant's file: downloaded into an empty cache
 * with the progress lines in the log, loaded by the real engine, and found in the cache the next time.
 */
@ExtendWith(OutputCaptureExtension.class)
class NemotronVariantStartupTests {

    private static final String VARIANT = "rotorquant-gguf-q4_k_m";

    private static final String REPOSITORY = "majentik/nemotron3-nano-omni-30b-rotorquant-gguf-Q4_K_M";

    private static final String FILE = "Nemotron-3-Nano-Omni-30B-A3B-Reasoning-RotorQuant-Q4_K_M.gguf";

    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path cache;

    @TempDir
    Path home;

    private FakeHub hub;

    @BeforeEach
    void startHub() throws IOException {
        this.hub = new FakeHub();
        Path golden = Path.of(System.getProperty("nemotron.shared"), "golden", "models", "tiny-f32.gguf");
        this.hub.repo(REPOSITORY, COMMIT).file("README.md", "# card\n".getBytes()).file(FILE,
                Files.readAllBytes(golden));
    }

    @AfterEach
    void stopHub() {
        this.hub.close();
    }

    @Test
    void aVariantIsDownloadedWithProgressLinesLoadedAndAnswers(CapturedOutput output) {
        runner(false).run(context -> {
            assertThat(context).hasNotFailed();
            Path model = context.getBean(EngineSettings.class).model();
            assertThat(model).startsWith(this.cache).hasFileName(FILE);
            assertThat(context.getBean(ChatEngine.class).describe()).isNotBlank();
            ChatClient chatClient = context.getBean(ChatClient.Builder.class).build();
            assertThat(chatClient.prompt().user("Hello").options(NemotronChatOptions.builder().seed(1L)).call()
                .chatResponse().getMetadata().getUsage().getPromptTokens()).isPositive();
        });

        assertThat(output).contains("Resolving " + VARIANT, "Downloading " + VARIANT + ": ",
                "Model " + VARIANT + " is in the cache");
        assertThat(this.hub.downloads()).hasSize(1);
    }

    @Test
    void aVariantAlreadyInTheCacheIsUsedOfflineWithoutDownloadingAgain() {
        runner(false).run(context -> assertThat(context).hasNotFailed());

        runner(true).run(context -> assertThat(context.getBean(EngineSettings.class).model()).hasFileName(FILE));

        assertThat(this.hub.downloads()).hasSize(1);
    }

    private ApplicationContextRunner runner(boolean offline) {
        return new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ToolCallingAutoConfiguration.class,
                    ChatClientAutoConfiguration.class, NemotronAutoConfiguration.class))
            .withBean(VariantResolver.class, () -> resolver(offline))
            .withPropertyValues("spring.ai.nemotron.variant=" + VARIANT, "spring.ai.nemotron.chat.max-tokens=4");
    }

    // The auto-configured resolver reads HF_ENDPOINT from the environment, which a test cannot set; this is the
    // same resolver on the loopback hub.
    private VariantResolver resolver(boolean offline) {
        return new HubVariantResolver(HubOptions.fromEnvironment(Map.of(), this.home).withCacheDir(this.cache)
            .withEndpoint(this.hub.endpoint())
            .withOffline(offline));
    }
}
