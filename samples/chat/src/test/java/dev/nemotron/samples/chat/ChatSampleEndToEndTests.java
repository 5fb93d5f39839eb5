package dev.nemotron.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.nemotron.runtime.chat.ChatMessage;
import dev.nemotron.runtime.chat.ChatRequest;
import dev.nemotron.spring.ai.ChatEngineFactory;
import dev.nemotron.spring.ai.testing.ScriptedChatEngine;
import dev.nemotron.spring.ai.testing.ScriptedChatEngine.Turn;

/**
 * The sample over real HTTP on a random port, configured with a golden GGUF file; generation is scripted until
 * the engine can load models.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "spring.ai.nemotron.model=${nemotron.shared}/golden/models/tiny-f16.gguf")
class ChatSampleEndToEndTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Value("${server.address}")
    String serverAddress;

    @Test
    void postChatAnswersWithTheAnswerTheReasoningAndTheUsage() throws Exception {
        HttpResponse<String> response = post("/chat", "{\"message\": \"Hi\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode reply = JSON.readTree(response.body());
        assertThat(reply.propertyNames()).containsExactly("answer", "reasoning", "usage");
        assertThat(reply.get("answer").asString()).isEqualTo("Hello from Nemotron.");
        assertThat(reply.get("reasoning").asString()).isEqualTo("A greeting.");
        assertUsage(reply.get("usage"), 30, 5);
    }

    @Test
    void postChatLetsTheModelCallTheClockTool() throws Exception {
        JsonNode reply = JSON.readTree(post("/chat", "{\"message\": \"What time is it?\"}").body());

        assertThat(reply.get("answer").asString()).isEqualTo("It is 2026-12-03T10:00Z.");
        // Both rounds count: 50 + 80 prompt tokens, 2 + 2 generated.
        assertUsage(reply.get("usage"), 130, 4);
    }

    @Test
    void streamSendsAnEventPerPieceOfReasoningAndTextAndThenTheUsage() throws Exception {
        HttpResponse<String> response = get("/chat/stream?message=" + URLEncoder.encode("Hi", StandardCharsets.UTF_8),
                "text/event-stream");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        List<Map.Entry<String, JsonNode>> events = serverSentEvents(response.body());
        assertThat(events).extracting(Map.Entry::getKey)
            .containsExactly("reasoning", "reasoning", "chunk", "chunk", "chunk", "usage");
        assertThat(events.subList(0, 5)).extracting(event -> event.getValue().get("text").asString())
            .containsExactly("A gree", "ting.", "Hello", " from", " Nemotron.");
        assertUsage(events.get(5).getValue(), 30, 5);
    }

    @Test
    void streamRunsTheToolBeforeStreamingTheAnswer() throws Exception {
        HttpResponse<String> response = get("/chat/stream?message="
                + URLEncoder.encode("What time is it?", StandardCharsets.UTF_8), "text/event-stream");

        List<Map.Entry<String, JsonNode>> events = serverSentEvents(response.body());
        assertThat(events).extracting(Map.Entry::getKey).containsExactly("reasoning", "chunk", "chunk", "usage");
        assertThat(events.subList(0, 3)).extracting(event -> event.getValue().get("text").asString())
            .containsExactly("I need the clock.", "It is ", "2026-12-03T10:00Z.");
        assertUsage(events.get(3).getValue(), 130, 4);
    }

    @Test
    void thePageChatsThroughTheStreamAndTheJsonEndpoint() throws Exception {
        HttpResponse<String> page = get("/", "text/html");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Nemotron chat</title>", "new EventSource('/chat/stream?message=",
                "fetch('/chat'");
    }

    @Test
    void healthReportsTheLoadedModel() throws Exception {
        JsonNode health = JSON.readTree(get("/actuator/health", "application/json").body());

        JsonNode nemotron = health.get("components").get("nemotron");
        assertThat(nemotron.get("status").asString()).isEqualTo("UP");
        assertThat(nemotron.get("details").get("location").asString()).endsWith("tiny-f16.gguf");
    }

    @Test
    void theSampleListensOnLocalhostOnly() {
        assertThat(this.serverAddress).isEqualTo("127.0.0.1");
    }

    private static void assertUsage(JsonNode usage, int promptTokens, int completionTokens) {
        assertThat(usage.get("promptTokens").asInt()).isEqualTo(promptTokens);
        assertThat(usage.get("completionTokens").asInt()).isEqualTo(completionTokens);
        assertThat(usage.get("totalTokens").asInt()).isEqualTo(promptTokens + completionTokens);
    }

    private HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return this.http.send(HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        return this.http.send(HttpRequest.newBuilder(uri(path)).header("Accept", accept).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + this.port + path);
    }

    /** Parses a finished SSE body into (event name, JSON data) pairs, per the HTML living standard. */
    private static List<Map.Entry<String, JsonNode>> serverSentEvents(String body) {
        List<Map.Entry<String, JsonNode>> events = new ArrayList<>();
        for (String block : body.split("\r?\n\r?\n")) {
            String event = "message";
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\r?\n")) {
                if (line.startsWith("event:")) {
                    event = line.substring("event:".length()).strip();
                }
                else if (line.startsWith("data:")) {
                    data.append(line.substring("data:".length()));
                }
            }
            if (!data.isEmpty()) {
                events.add(Map.entry(event, JSON.readTree(data.toString())));
            }
        }
        return events;
    }

    /** Replaces model loading with a scripted engine and the clock with a fixed one. */
    @TestConfiguration
    static class ScriptedModel {

        @Bean
        ChatEngineFactory scriptedEngineFactory() {
            return settings -> new ScriptedChatEngine().answering(ScriptedModel::answer);
        }

        @Bean
        @Primary
        Clock fixedClock() {
            return Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);
        }

        private static Turn answer(ChatRequest request) {
            ChatMessage last = request.messages().getLast();
            if (last.role().equals("tool")) {
                String time = JSON.readTree(last.content()).asString();
                return Turn.of(80, Duration.ofMillis(40), Duration.ofMillis(10)).content("It is ", time + ".");
            }
            if (last.content().contains("time")) {
                return Turn.of(50, Duration.ofMillis(25), Duration.ofMillis(20))
                    .reasoning("I need the clock.")
                    .toolCall("call-1", "currentTime", Map.of());
            }
            return Turn.of(30, Duration.ofMillis(15), Duration.ofMillis(40))
                .reasoning("A gree", "ting.")
                .content("Hello", " from", " Nemotron.");
        }
    }
}
