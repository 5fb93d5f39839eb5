package dev.nemotron.runtime.weights;

/**
 * A batch of activation vectors of one length, converted to one {@link ActivationType}, ready for the dot
 * products of a {@link WeightFormat}.
 *
 * <p>Instances are reusable buffers: a layer keeps one per input width and calls {@link #load} for every batch,
 * so the decode loop allocates nothing. Vector {@code v} occupies {@code [v·length, (v+1)·length)} of the element
 * arrays and {@code [v·blocks, (v+1)·blocks)} of the per-block arrays.
 */
public final class Activations {

    private final ActivationType type;
    private final int length;
    private final int blocks;
    private int capacity;
    private int count;
    private boolean expertInput;

    /** F32 values ({@link ActivationType#F32}), or the rounded values as floats for F16 and BF16. */
    float[] values = new float[0];
    /** Quantized values of the Q8 types. */
    byte[] quants = new byte[0];
    /** Per-block scale of the Q8 types (fp16-rounded for Q8_0 and Q8_1, float32 for Q8_K). */
    float[] scales = new float[0];
    /** Q8_1: fp16-rounded {@code d·Σq} per block. */
    float[] blockSums = new float[0];
    /** Q8_K: sums of the quantized values of each group of 16. */
    short[] groupSums = new short[0];

    public Activations(ActivationType type, int length) {
        if (length % type.blockSize() != 0) {
            throw new IllegalArgumentException(
                    "an activation of %d values is not a whole number of %s blocks".formatted(length, type));
        }
        this.type = type;
        this.length = length;
        this.blocks = length / type.blockSize();
    }

    public ActivationType type() {
        return type;
    }

    /** Values per vector. */
    public int length() {
        return length;
    }

    /** Vectors currently loaded. */
    public int count() {
        return count;
    }

    /** Blocks per vector. */
    public int blocks() {
        return blocks;
    }

    /**
     * Marks these activations as the input of a MoE expert. llama.cpp multiplies a batch of two or more vectors
     * with llamafile's sgemm, whose order of float additions differs from its one-vector kernels, but it
     * multiplies experts ({@code mul_mat_id}) one vector at a time even in a batch. The formats whose sums
     * depend on that order (F32, F16, BF16) read it from {@link #batched()}.
     */
    public Activations forExperts() {
        expertInput = true;
        return this;
    }

    /** Whether dot products with these vectors take llama.cpp's batched order: two or more, not an expert's. */
    public boolean batched() {
        return count > 1 && !expertInput;
    }

    /**
     * Converts {@code count} vectors, stored one after another in {@code source} with a stride of {@code stride}
     * floats from {@code offset} on.
     */
    public Activations load(float[] source, int offset, int stride, int count) {
        ensureCapacity(count);
        this.count = count;
        for (int v = 0; v < count; v++) {
            convert(source, offset + v * stride, v);
        }
        return this;
    }

    /** Converts a single vector. */
    public Activations load(float[] source, int offset) {
        return load(source, offset, length, 1);
    }

    public float[] values() {
        return values;
    }

    public byte[] quants() {
        return quants;
    }

    public float[] scales() {
        return scales;
    }

    public float[] blockSums() {
        return blockSums;
    }

    public short[] groupSums() {
        return groupSums;
    }

    private void ensureCapacity(int vectors) {
        if (vectors <= capacity) {
            return;
        }
        capacity = Math.max(vectors, capacity * 2);
        switch (type) {
            case F32, F16, BF16 -> values = new float[capacity * length];
            case Q8_0 -> allocateQuantized(false, false);
            case Q8_1 -> allocateQuantized(true, false);
            case Q8_K -> allocateQuantized(false, true);
        }
    }

    private void allocateQuantized(boolean withBlockSums, boolean withGroupSums) {
        quants = new byte[capacity * length];
        scales = new float[capacity * blocks];
        if (withBlockSums) {
            blockSums = new float[capacity * blocks];
        }
        if (withGroupSums) {
            groupSums = new short[capacity * length / 16];
        }
    }

    private void convert(float[] x, int offset, int vector) {
        int base = vector * length;
        switch (type) {
            case F32 -> System.arraycopy(x, offset, values, base, length);
            case F16 -> {
                for (int i = 0; i < length; i++) {
                    values[base + i] = Float.float16ToFloat(Float.floatToFloat16(x[offset + i]));
                }
            }
            case BF16 -> {
                for (int i = 0; i < length; i++) {
                    values[base + i] = Half.bf16ToFloat(Half.floatToBf16(x[offset + i]));
                }
            }
            case Q8_0, Q8_1 -> quantizeQ8(x, offset, vector, type == ActivationType.Q8_1);
            case Q8_K -> quantizeQ8K(x, offset, vector);
        }
    }

    /** ggml's AVX2 {@code quantize_row_q8_0/q8_1}: the reciprocal scale multiplies, rint rounds half to even. */
    private void quantizeQ8(float[] x, int offset, int vector, boolean withSum) {
        for (int b = 0; b < blocks; b++) {
            int from = offset + b * 32;
            float amax = 0;
            for (int i = 0; i < 32; i++) {
                amax = Math.max(amax, Math.abs(x[from + i]));
            }
            float d = amax / 127f;
            float id = amax != 0 ? 127f / amax : 0f;
            int q0 = vector * length + b * 32;
            int sum = 0;
            for (int i = 0; i < 32; i++) {
                int q = (int) Math.rint(x[from + i] * id);
                quants[q0 + i] = (byte) q;
                sum += q;
            }
            int block = vector * blocks + b;
            scales[block] = Half.roundToHalf(d);
            if (withSum) {
                blockSums[block] = Half.roundToHalf(d * sum);
            }
        }
    }

    /** ggml's {@code quantize_row_q8_K_ref}: scaled by the signed extreme so that it maps to -127 exactly. */
    private void quantizeQ8K(float[] x, int offset, int vector) {
        for (int b = 0; b < blocks; b++) {
            int from = offset + b * 256;
            float max = 0;
            float amax = 0;
            for (int i = 0; i < 256; i++) {
                float ax = Math.abs(x[from + i]);
                if (ax > amax) {
                    amax = ax;
                    max = x[from + i];
                }
            }
            int q0 = vector * length + b * 256;
            int block = vector * blocks + b;
            int g0 = (vector * length + b * 256) / 16;
            if (amax == 0) {
                scales[block] = 0;
                java.util.Arrays.fill(quants, q0, q0 + 256, (byte) 0);
                java.util.Arrays.fill(groupSums, g0, g0 + 16, (short) 0);
                continue;
            }
            float iscale = -127f / max;
            for (int i = 0; i < 256; i++) {
                quants[q0 + i] = (byte) Math.min(127, (int) Math.rint(iscale * x[from + i]));
            }
            for (int g = 0; g < 16; g++) {
                int sum = 0;
                for (int i = 0; i < 16; i++) {
                    sum += quants[q0 + g * 16 + i];
                }
                groupSums[g0 + g] = (short) sum;
            }
            scales[block] = 1 / iscale;
        }
    }
}
