package dev.nemotron.spring.ai.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration;
import org.springframework.ai.model.tool.autoconfigure.ToolCallingAutoConfiguration;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.nemotron.runtime.chat.ChatMessage;
import dev.nemotron.runtime.chat.ChatRequest;
import dev.nemotron.runtime.chat.ToolCall;
import dev.nemotron.runtime.chat.ToolDefinition;
import dev.nemotron.spring.ai.ChatEngineFactory;
import dev.nemotron.spring.ai.testing.ScriptedChatEngine;
import dev.nemotron.spring.ai.testing.ScriptedChatEngine.Turn;

/**
 * Tool calling end to end inside Spring AI: ChatClient with an {@code @Tool} object, the auto-registered
 * ToolCallingAdvisor running the tool between two turns of the model.
 */
class NemotronToolCallingTests {

    @TempDir
    Path models;

    private final ScriptedChatEngine engine = new ScriptedChatEngine()
        .turn(Turn.of(50, Duration.ofMillis(10), Duration.ofMillis(10))
            .reasoning("The user wants the time.")
            .toolCall("call-1", "currentTime", Map.of()))
        .turn(Turn.of(70, Duration.ofMillis(10), Duration.ofMillis(10)).content("It is ", "10:00."));

    private ApplicationContextRunner contextRunner;

    @BeforeEach
    void runner() throws IOException {
        Path gguf = Files.write(this.models.resolve("tiny.gguf"), new byte[] { 'G', 'G', 'U', 'F' });
        this.contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ToolCallingAutoConfiguration.class,
                    ChatClientAutoConfiguration.class, NemotronAutoConfiguration.class))
            .withBean(ChatEngineFactory.class, () -> settings -> this.engine)
            .withPropertyValues("spring.ai.nemotron.model=" + gguf);
    }

    @Test
    void callRunsTheToolAndAnswersWithItsResult() {
        this.contextRunner.run(context -> {
            String answer = context.getBean(ChatClient.Builder.class).build()
                .prompt("What time is it?")
                .tools(new Clock())
                .call()
                .content();

            assertThat(answer).isEqualTo("It is 10:00.");
            assertToolRoundTrip();
        });
    }

    @Test
    void streamRunsTheToolAndStreamsTheAnswerAfterIt() {
        this.contextRunner.run(context -> {
            List<String> chunks = context.getBean(ChatClient.Builder.class).build()
                .prompt("What time is it?")
                .tools(new Clock())
                .stream()
                .content()
                .collectList()
                .block();

            assertThat(chunks).containsExactly("It is ", "10:00.");
            assertToolRoundTrip();
        });
    }

    private void assertToolRoundTrip() {
        assertThat(this.engine.requests()).hasSize(2);
        ChatRequest first = this.engine.requests().get(0);
        assertThat(first.tools()).extracting(ToolDefinition::name, ToolDefinition::description)
            .containsExactly(tuple("currentTime", "The current time, in UTC"));
        assertThat(first.tools().getFirst().parameters()).containsEntry("type", "object");
        List<ChatMessage> second = this.engine.requests().get(1).messages();
        assertThat(second).hasSize(3);
        assertThat(second.get(0)).isEqualTo(ChatMessage.user("What time is it?"));
        assertThat(second.get(1).role()).isEqualTo("assistant");
        assertThat(second.get(1).reasoningContent()).isEqualTo("The user wants the time.");
        assertThat(second.get(1).toolCalls()).containsExactly(new ToolCall("call-1", "currentTime", Map.of()));
        assertThat(second.get(2)).isEqualTo(ChatMessage.tool("\"2026-12-03T10:00:00Z\"", "call-1", "currentTime"));
    }

    static class Clock {

        @Tool(description = "The current time, in UTC")
        String currentTime() {
            return "2026-12-03T10:00:00Z";
        }
    }
}
