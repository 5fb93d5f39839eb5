package dev.nemotron.runtime.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import dev.nemotron.runtime.testing.SharedData;

/** Token sequences and logits of {@code shared/golden}. */
final class GoldenData {

    private GoldenData() {
    }

    /** {@code seq16}, or {@code seq160} for the given vocabulary size. */
    static int[] sequence(String name, int vocab) {
        return SharedData.sequence(name, vocab);
    }

    /** The raw {@code [n_tokens][n_vocab]} float32 logits of {@code logits/MODEL.SEQ.SETTING.f32}. */
    static float[] logits(String model, String seq, String setting) throws IOException {
        return floats(SharedData.golden("logits/%s.%s.%s.f32".formatted(model, seq, setting)));
    }

    /** A file of raw little-endian float32 values. */
    static float[] floats(Path file) throws IOException {
        return SharedData.floats(file);
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
