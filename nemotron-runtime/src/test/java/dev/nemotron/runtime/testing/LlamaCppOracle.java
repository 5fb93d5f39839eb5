package dev.nemotron.runtime.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * llama.cpp as a test oracle: {@code oracle/logits.mjs} run by Node.js on node-llama-cpp's prebuilt CPU build of
 * llama.cpp v0.5.0, kept alive across requests.
 *
 * <p>{@code oracle/install.sh} (run by the build before the tests) installs it with only the AVX2 CPU variant, so
 * that with an F32 KV cache and flash attention off it reproduces the golden {@code llamacpp-kvf32-nofa} logits
 * bit for bit.
 */
public final class LlamaCppOracle implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;
    private final Writer requests;
    private final BufferedReader answers;

    private LlamaCppOracle(Process process) {
        this.process = process;
        this.requests = process.outputWriter(StandardCharsets.UTF_8);
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts the oracle; fails with the install command if it is not installed. */
    public static LlamaCppOracle start() {
        Path script = repositoryRoot().resolve("oracle/logits.mjs");
        Path ready = repositoryRoot().resolve("oracle/node_modules/.nemotron-oracle-ready");
        if (!Files.exists(ready)) {
            throw new IllegalStateException("the llama.cpp oracle is not installed; run oracle/install.sh");
        }
        try {
            Process process = new ProcessBuilder("node", script.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            return new LlamaCppOracle(process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node for the llama.cpp oracle", e);
        }
    }

    /**
     * llama.cpp's logits at every position of {@code tokens}, evaluated in one batch, with an F32 KV cache and
     * flash attention off.
     *
     * @return {@code [n_tokens][n_vocab]}
     */
    public float[][] logits(Path model, int[] tokens) {
        return logits(model, tokens, "F32", false);
    }

    /** As {@link #logits(Path, int[])} with the given KV cache type (ggml type name) and flash attention. */
    public float[][] logits(Path model, int[] tokens, String kvType, boolean flashAttention) {
        return logits(model, tokens, kvType, kvType, flashAttention);
    }

    /**
     * As {@link #logits(Path, int[])} with separate K and V cache types: llama.cpp accepts a quantized V cache only
     * with flash attention, a quantized K cache with a 16-bit V cache also without.
     */
    public synchronized float[][] logits(Path model, int[] tokens, String keyType, String valueType,
            boolean flashAttention) {
        try {
            Path out = Files.createTempFile("oracle-logits", ".f32");
            try {
                Map<String, Object> request = new LinkedHashMap<>();
                request.put("model", model.toAbsolutePath().toString());
                request.put("tokens", tokens);
                request.put("out", out.toString());
                request.put("kvType", keyType);
                request.put("kvValueType", valueType);
                request.put("flashAttention", flashAttention);
                requests.write(JSON.writeValueAsString(request) + "\n");
                requests.flush();
                String line = answers.readLine();
                if (line == null) {
                    throw new IllegalStateException("the llama.cpp oracle exited (code " + process.waitFor() + ")");
                }
                JsonNode answer = JSON.readTree(line);
                if (!answer.path("ok").asBoolean()) {
                    throw new IllegalStateException("llama.cpp failed on " + model + ": " + answer.path("error"));
                }
                return readLogits(out, tokens.length, answer.path("nVocab").asInt());
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Reads a raw little-endian float32 {@code [rows][columns]} file, the format of the golden logits. */
    public static float[][] readLogits(Path file, int rows, int columns) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.remaining() != 4L * rows * columns) {
            throw new IOException("%s holds %d bytes, not %d×%d floats".formatted(file, bytes.remaining(), rows,
                    columns));
        }
        float[][] logits = new float[rows][columns];
        for (float[] row : logits) {
            bytes.asFloatBuffer().get(row);
            bytes.position(bytes.position() + 4 * columns);
        }
        return logits;
    }

    @Override
    public void close() {
        try {
            requests.close();
            process.waitFor();
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
        }
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("oracle/logits.mjs"))) {
                return dir;
            }
        }
        throw new IllegalStateException("oracle/logits.mjs not found above " + Path.of("").toAbsolutePath());
    }
}
