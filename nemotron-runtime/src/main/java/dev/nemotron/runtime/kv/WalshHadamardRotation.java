package dev.nemotron.runtime.kv;

import java.util.SplittableRandom;

/**
 * TurboQuant's rotation as implementations ship it: the randomized Walsh–Hadamard transform
 * {@code Π = D₂·(H/√n)·D₁}, with {@code H} the Sylvester–Hadamard matrix of order {@code n} (a power of two) and
 * {@code D₁}, {@code D₂} diagonal random signs drawn from a fixed seed, so every cache of a head dimension shares
 * one Π. {@code H/√n} is symmetric and orthogonal, so {@code Πᵀ = D₁·(H/√n)·D₂}.
 *
 * <p>The fast transform costs {@code n·log₂n} additions instead of a dense {@code n²} product; its rounding error
 * grows with {@code log₂n} ulps, which is what the round-trip test bounds.
 */
final class WalshHadamardRotation implements Rotation {

    /** Seed of the sign vectors; the head dimension is added so different dimensions get unrelated signs. */
    static final long SEED = 0x7475_7262_6f71L;

    private final int dim;
    private final float[] firstSigns;
    private final float[] secondSigns;
    /** The sign vectors times 1/√n: the normalization rides on the last pass of each direction. */
    private final float[] firstSignsScaled;
    private final float[] secondSignsScaled;

    WalshHadamardRotation(int dim) {
        if (dim < 2 || Integer.bitCount(dim) != 1) {
            throw new IllegalArgumentException("Walsh-Hadamard rotation needs a power of two, got " + dim);
        }
        this.dim = dim;
        SplittableRandom random = new SplittableRandom(SEED + dim);
        firstSigns = randomSigns(random, dim);
        secondSigns = randomSigns(random, dim);
        float norm = (float) (1 / Math.sqrt(dim));
        firstSignsScaled = new float[dim];
        secondSignsScaled = new float[dim];
        for (int i = 0; i < dim; i++) {
            firstSignsScaled[i] = firstSigns[i] * norm;
            secondSignsScaled[i] = secondSigns[i] * norm;
        }
    }

    private static float[] randomSigns(SplittableRandom random, int dim) {
        float[] signs = new float[dim];
        for (int i = 0; i < dim; i++) {
            signs[i] = random.nextBoolean() ? 1 : -1;
        }
        return signs;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public void forward(float[] x, int off) {
        apply(x, off, firstSigns, secondSignsScaled);
    }

    @Override
    public void inverse(float[] x, int off) {
        apply(x, off, secondSigns, firstSignsScaled);
    }

    private void apply(float[] x, int off, float[] before, float[] after) {
        for (int i = 0; i < dim; i++) {
            x[off + i] *= before[i];
        }
        transform(x, off);
        for (int i = 0; i < dim; i++) {
            x[off + i] *= after[i];
        }
    }

    private void transform(float[] x, int off) {
        fastWalshHadamard(x, off, dim);
    }

    /** The unnormalized fast Walsh–Hadamard transform of {@code x[off, off + n)}, butterflies of growing span. */
    static void fastWalshHadamard(float[] x, int off, int n) {
        for (int span = 1; span < n; span <<= 1) {
            for (int i = off; i < off + n; i += span << 1) {
                for (int j = i; j < i + span; j++) {
                    float a = x[j];
                    float b = x[j + span];
                    x[j] = a + b;
                    x[j + span] = a - b;
                }
            }
        }
    }
}
