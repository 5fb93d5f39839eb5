package dev.nemotron.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Input the sample refuses, over real HTTP on the runtime's engine with the golden tiny-f32.gguf and a context
 * of 64 tokens: a status and a JSON message that says what was wrong, never a stack trace.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "spring.ai.nemotron.model=${nemotron.shared}/golden/models/tiny-f32.gguf",
                "spring.ai.nemotron.context-length=64", "spring.ai.nemotron.chat.max-tokens=4",
                "sample.chat.max-message-length=1000", "sample.chat.max-request-size=2KB" })
class ChatSampleInputTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    // About 300 tokens: within the message limit, far beyond the 64-token context.
    private static final String LONG_PROMPT = "word ".repeat(150);

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Test
    void aPromptLongerThanTheContextIs400WithBothTokenCounts() throws Exception {
        HttpResponse<String> response = post("{\"message\": \"" + LONG_PROMPT + "\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response)).startsWith("The conversation is too long for the model: ")
            .endsWith(" prompt tokens, and the context holds 64.");
    }

    @Test
    void aStreamedPromptLongerThanTheContextEndsWithAFailureEvent() throws Exception {
        HttpResponse<String> response = get("/chat/stream?message=" + URLEncoder.encode(LONG_PROMPT,
                StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("event:failure", "the context holds 64").doesNotContain("event:usage");
    }

    @Test
    void aMessageBeyondTheMessageLimitIs400NamingTheLimit() throws Exception {
        HttpResponse<String> response = post("{\"message\": \"" + "x".repeat(1001) + "\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response)).isEqualTo("The message has 1001 characters; at most 1000 are accepted "
                + "(sample.chat.max-message-length).");
    }

    @Test
    void aStreamedMessageBeyondTheMessageLimitIs400() throws Exception {
        HttpResponse<String> response = get("/chat/stream?message=" + "x".repeat(1001));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("sample.chat.max-message-length");
    }

    @Test
    void aBodyBeyondTheRequestSizeIs413BeforeItIsRead() throws Exception {
        HttpResponse<String> response = post("{\"message\": \"hi\", \"padding\": \"" + "x".repeat(3000) + "\"}");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(error(response)).contains("at most 2048 are accepted (sample.chat.max-request-size)");
    }

    @Test
    void anEmptyMessageIs400() throws Exception {
        HttpResponse<String> response = post("{\"message\": \"  \"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response)).startsWith("The message is empty");
    }

    @Test
    void aBodyThatIsNotJsonIs400() throws Exception {
        HttpResponse<String> response = post("message=hello");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response)).contains("not a JSON object");
    }

    private HttpResponse<String> post(String body) throws Exception {
        return this.http.send(HttpRequest.newBuilder(uri("/chat"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return this.http.send(HttpRequest.newBuilder(uri(path)).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String error(HttpResponse<String> response) {
        JsonNode reply = JSON.readTree(response.body());
        assertThat(reply.propertyNames()).containsExactly("error");
        return reply.get("error").asString();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + this.port + path);
    }
}
