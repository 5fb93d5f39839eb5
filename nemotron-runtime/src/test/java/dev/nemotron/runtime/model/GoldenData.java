package dev.nemotron.runtime.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import dev.nemotron.runtime.testing.SharedData;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Token sequences and logits of {@code shared/golden}. */
final class GoldenData {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GoldenData() {
    }

    /** {@code seq16}, or {@code seq160} for the given vocabulary size. */
    static int[] sequence(String name, int vocab) {
        JsonNode root = JSON.readTree(SharedData.golden("sequences.json").toFile());
        JsonNode ids = name.equals("seq16") ? root.get("seq16").get("tokens") : root.get(name).get("" + vocab);
        int[] out = new int[ids.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ids.get(i).asInt();
        }
        return out;
    }

    /** The raw {@code [n_tokens][n_vocab]} float32 logits of {@code logits/MODEL.SEQ.SETTING.f32}. */
    static float[] logits(String model, String seq, String setting) throws IOException {
        return floats(SharedData.golden("logits/%s.%s.%s.f32".formatted(model, seq, setting)));
    }

    /** A file of raw little-endian float32 values. */
    static float[] floats(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        float[] out = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /** Per-position max |a − b| over rows of {@code vocab}. */
    static float[] perPositionMaxAbs(float[] a, float[] b, int vocab) {
        float[] out = new float[a.length / vocab];
        for (int i = 0; i < a.length; i++) {
            out[i / vocab] = Math.max(out[i / vocab], Math.abs(a[i] - b[i]));
        }
        return out;
    }

    static float max(float[] values) {
        float max = 0;
        for (float v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    static float median(float[] values) {
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static int argmax(float[] logits, int offset, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (logits[offset + i] > logits[offset + best]) {
                best = i;
            }
        }
        return best;
    }
}
