package dev.nemotron.runtime.weights;

/**
 * The form an F32 activation vector is converted to before it meets a weight matrix.
 *
 * <p>llama.cpp's CPU backend never multiplies a quantized or half-precision weight by F32 activations: it first
 * converts the input row to the weight type's {@code vec_dot_type}. Reproducing that rounding is what makes our
 * logits comparable with llama.cpp's on quantized files, and the integer dot products it enables are also the
 * fast path. {@link #F32} leaves the activations as they are (F32 weights, and the reference mode that computes
 * on dequantized weights).
 */
public enum ActivationType {
    /** No rounding. */
    F32(1),
    /** Rounded to IEEE half precision, nearest even. */
    F16(1),
    /** Rounded to bfloat16, nearest even. */
    BF16(1),
    /** Blocks of 32: {@code d = amax/127} stored as fp16, {@code q = rint(x·127/amax)}. */
    Q8_0(32),
    /** As {@link #Q8_0}, plus the block sum {@code s = fp16(d·Σq)} used by the weights' minimum term. */
    Q8_1(32),
    /** Blocks of 256: float scale from the signed extreme value, and sums of 16-element groups. */
    Q8_K(256);

    private final int blockSize;

    ActivationType(int blockSize) {
        this.blockSize = blockSize;
    }

    /** Elements per block; a vector's length must be a multiple of it. */
    public int blockSize() {
        return blockSize;
    }
}
