package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;
import java.util.Random;

/** Test data for the weight formats: realistic rows, their encodings, and exact (double) reference products. */
final class FormatFixtures {

    private FormatFixtures() {
    }

    /** Gaussian values with a few outliers, as trained weights and activations look. */
    static float[] gaussianRow(Random random, int length, float scale) {
        float[] row = new float[length];
        for (int i = 0; i < length; i++) {
            row[i] = (float) (random.nextGaussian() * scale);
            if (random.nextInt(64) == 0) {
                row[i] *= 6;
            }
        }
        return row;
    }

    /** {@code values} encoded with {@code format} into a fresh heap segment. */
    static MemorySegment encode(WeightFormat format, float[] values) {
        MemorySegment segment = MemorySegment.ofArray(new byte[(int) format.rowBytes(values.length)]);
        format.quantize(values, 0, values.length, segment, 0);
        return segment;
    }

    static float[] decode(WeightFormat format, MemorySegment data, int count) {
        float[] out = new float[count];
        format.dequantize(data, 0, out, 0, count);
        return out;
    }

    /** The values activation vector {@code vector} stands for after its rounding. */
    static float[] activationValues(Activations x, int vector) {
        float[] out = new float[x.length()];
        int base = vector * x.length();
        switch (x.type()) {
            case F32, F16, BF16 -> System.arraycopy(x.values(), base, out, 0, x.length());
            case Q8_0, Q8_1, Q8_K -> {
                int block = x.type().blockSize();
                for (int i = 0; i < x.length(); i++) {
                    out[i] = x.quants()[base + i] * x.scales()[vector * x.blocks() + i / block];
                }
            }
        }
        return out;
    }

    static double exactDot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    static double absDot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((double) a[i] * b[i]);
        }
        return sum;
    }

    static double relativeRmsError(float[] expected, float[] actual) {
        double err = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i] - actual[i];
            err += e * e;
            norm += (double) expected[i] * expected[i];
        }
        return Math.sqrt(err / norm);
    }

    /** A segment holding {@code bytes}, for hand-built blocks. */
    static MemorySegment bytes(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return MemorySegment.ofArray(b);
    }
}
