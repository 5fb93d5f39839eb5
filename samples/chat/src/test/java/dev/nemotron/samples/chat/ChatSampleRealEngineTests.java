package dev.nemotron.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sample on the runtime's own chat engine with the golden tiny-f16.gguf (random weights, so the text means
 * nothing): the model is loaded through the default factory and answers over HTTP within its token limit.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "spring.ai.nemotron.model=${nemotron.shared}/golden/models/tiny-f16.gguf",
                "spring.ai.nemotron.chat.temperature=0", "spring.ai.nemotron.chat.max-tokens=8" })
class ChatSampleRealEngineTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Test
    void theGoldenModelAnswersWithinItsTokenLimit() throws Exception {
        HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri("/chat"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"message\": \"Hello\"}"))
            .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode reply = JSON.readTree(response.body());
        assertThat(reply.propertyNames()).containsExactly("answer", "reasoning", "usage");
        JsonNode usage = reply.get("usage");
        assertThat(usage.get("promptTokens").asInt()).isPositive();
        assertThat(usage.get("completionTokens").asInt()).isBetween(1, 8);
        assertThat(usage.get("totalTokens").asInt())
            .isEqualTo(usage.get("promptTokens").asInt() + usage.get("completionTokens").asInt());
    }

    @Test
    void theStreamEndsWithTheUsage() throws Exception {
        HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri("/chat/stream?message=Hello"))
            .header("Accept", "text/event-stream")
            .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("event:usage");
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + this.port + path);
    }
}
