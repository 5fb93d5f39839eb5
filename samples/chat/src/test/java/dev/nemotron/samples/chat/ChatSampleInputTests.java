package dev.nemotron.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import reactor.core.Disposable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.nemotron.spring.ai.NemotronChatModel;
import dev.nemotron.spring.ai.NemotronChatOptions;

/**
 * Input the sample refuses, over real HTTP on the runtime's engine with the golden tiny-f32.gguf and a context
 * of 1024 tokens and a single sequence with no queue: a status and a JSON message that says what was wrong, never
 * a stack trace.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "spring.ai.nemotron.model=${nemotron.shared}/golden/models/tiny-f32.gguf",
                "spring.ai.nemotron.context-length=1024", "spring.ai.nemotron.chat.max-tokens=4",
                "sample.chat.max-message-length=4000", "sample.chat.max-request-size=8KB",
                "spring.ai.nemotron.max-concurrent-sequences=1", "spring.ai.nemotron.max-queued-requests=0",
                "spring.ai.nemotron.admission-timeout=0s" })
class ChatSampleInputTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    // Within the message limit, and beyond the 1024-token context with the model's 512-token vocabulary.
    private static final String LONG_PROMPT = "word ".repeat(790);

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    NemotronChatModel chatModel;

    @Test
    void aRequestWhileTheOnlySequenceIsBusyIs503WithARetryHint() throws Exception {
        CountDownLatch admitted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // The first chunk is delivered on the generation thread: holding it keeps the only sequence busy.
        Disposable holder = this.chatModel.stream(new Prompt("Hello",
                NemotronChatOptions.builder().maxTokens(40).build())).subscribe(chunk -> {
                    admitted.countDown();
                    awaitQuietly(release);
                });
        try {
            assertThat(admitted.await(1, TimeUnit.MINUTES)).isTrue();

            HttpResponse<String> response = post("{\"message\": \"Hi\"}");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(error(response)).startsWith("The model is busy with other requests");
        }
        finally {
            release.countDown();
            holder.dispose();
        }
    }

    @Test
    void aPromptLongerThanTheContextIs400WithBothTokenCounts() throws Exception {
        HttpResponse<String> response = post("{\"message\": \"" + LONG_PROMPT + "\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response)).startsWith("The conversation is too long for the model: ")
            .endsWith(" prompt tokens, and the context holds 1024.");
    }

    @Test
    void aStreamedPromptLongerThanTheContextEndsWithAFailureEvent() throws Exception {
        HttpResponse<String> response = get("/chat/stream?message=" + URLEncoder.encode(LONG_PROMPT,
                StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("event:failure", "the context holds 1024").doesNotContain("event:usage");
    }

    @Test
    void aMessageBeyondTheMessageLimitIs400NamingTheLimit() throws Exception {
        HttpResponse<String> response = post("{\"message\": \"" + "x".repeat(4001) + "\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response)).isEqualTo("The message has 4001 characters; at most 4000 are accepted "
                + "(sample.chat.max-message-length).");
    }

    @Test
    void aStreamedMessageBeyondTheMessageLimitIs400() throws Exception {
        HttpResponse<String> response = get("/chat/stream?message=" + "x".repeat(4001));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("sample.chat.max-message-length");
    }

    @Test
    void aBodyBeyondTheRequestSizeIs413BeforeItIsRead() throws Exception {
        HttpResponse<String> response = post("{\"message\": \"hi\", \"padding\": \"" + "x".repeat(9000) + "\"}");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(error(response)).contains("at most 8192 are accepted (sample.chat.max-request-size)");
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

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(1, TimeUnit.MINUTES);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + this.port + path);
    }
}
