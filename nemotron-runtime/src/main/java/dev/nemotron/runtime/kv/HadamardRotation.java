package dev.nemotron.runtime.kv;

/**
 * llama.cpp's attention rotation for quantized caches (ggml-org/llama.cpp#21038): the normalized Sylvester–Hadamard
 * matrix {@code H/√b} applied to each run of {@code b} values of a head vector, no random signs. It is symmetric
 * and its own inverse, so forward and inverse are the same map.
 *
 * <p>llama.cpp enables it when the K (or V) cache type is quantized and the head dimension is a multiple of 64,
 * rotating the query and the keys with the largest power-of-two block that divides the head dimension and the
 * values (and the attention output back) with blocks of 64. It computes the product as a matrix multiplication;
 * the fast transform here gives the same values up to float rounding.
 */
final class HadamardRotation implements Rotation {

    private final int dim;
    private final int block;
    private final float norm;

    HadamardRotation(int dim, int block) {
        if (block < 2 || Integer.bitCount(block) != 1 || dim % block != 0) {
            throw new IllegalArgumentException(
                    "Hadamard blocks of %d values cannot tile a head of %d".formatted(block, dim));
        }
        this.dim = dim;
        this.block = block;
        this.norm = (float) (1 / Math.sqrt(block));
    }

    int block() {
        return block;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public void forward(float[] x, int off) {
        for (int b = off; b < off + dim; b += block) {
            WalshHadamardRotation.fastWalshHadamard(x, b, block);
            for (int i = b; i < b + block; i++) {
                x[i] *= norm;
            }
        }
    }

    @Override
    public void inverse(float[] x, int off) {
        forward(x, off);
    }
}
