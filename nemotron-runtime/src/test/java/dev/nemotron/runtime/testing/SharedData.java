package dev.nemotron.runtime.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Locates {@code ../shared}, the reference data that lives beside the repository: golden models, logits,
 * tokenizations and chat-template renderings made by llama.cpp and Python jinja2; and reads the formats several
 * tests share (the golden token sequences, raw float32 files).
 *
 * <p>The build passes its location as the system property {@code nemotron.shared}; a test run from an IDE falls
 * back to {@code ../shared} of the working directory and its parents.
 */
public final class SharedData {

    private SharedData() {
    }

    /** The {@code shared} folder. */
    public static Path root() {
        String configured = System.getProperty("nemotron.shared");
        if (configured != null && Files.isDirectory(Path.of(configured))) {
            return Path.of(configured).normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared");
            if (Files.isDirectory(candidate.resolve("golden"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("../shared not found; set -Dnemotron.shared=/path/to/shared");
    }

    /** A file or folder under {@code shared/golden}. */
    public static Path golden(String relative) {
        return root().resolve("golden").resolve(relative);
    }

    /** A golden model, as in {@code golden("tiny-f32")} for {@code golden/models/tiny-f32.gguf}. */
    public static Path goldenModel(String name) {
        return golden("models/" + name + ".gguf");
    }

    /** The token ids of {@code golden/sequences.json}: {@code seq16}, or {@code seq160} for a vocabulary size. */
    public static int[] sequence(String name, int vocab) {
        JsonNode root = JsonMapper.builder().build().readTree(golden("sequences.json").toFile());
        JsonNode ids = name.equals("seq16") ? root.required("seq16").required("tokens")
                : root.required(name).required(Integer.toString(vocab));
        return ids.valueStream().mapToInt(JsonNode::asInt).toArray();
    }

    /** The values of a file of raw little-endian float32 values, such as the golden logits. */
    public static float[] floats(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        float[] values = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }
}
