package dev.nemotron.runtime.kv;

import java.util.SplittableRandom;

/**
 * RotorQuant's planar block rotation (PlanarQuant): each pair {@code (x_{2p}, x_{2p+1})} turned by its own fixed
 * angle {@code θ_p}, uniform in [0, 2π) from a fixed seed. About {@code 2n} multiply-adds instead of
 * {@code n·log₂n} butterflies; it mixes only two coordinates, so it does not spread a heavy channel.
 */
final class PlanarRotation implements Rotation {

    static final long SEED = 42;

    private final int dim;
    private final float[] cos;
    private final float[] sin;

    PlanarRotation(int dim) {
        if (dim < 2 || dim % 2 != 0) {
            throw new IllegalArgumentException("planar rotation needs an even dimension, got " + dim);
        }
        this.dim = dim;
        SplittableRandom random = new SplittableRandom(SEED + dim);
        cos = new float[dim / 2];
        sin = new float[dim / 2];
        for (int p = 0; p < dim / 2; p++) {
            double theta = 2 * Math.PI * random.nextDouble();
            cos[p] = (float) Math.cos(theta);
            sin[p] = (float) Math.sin(theta);
        }
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public void forward(float[] x, int off) {
        for (int p = 0; p < dim / 2; p++) {
            float a = x[off + 2 * p];
            float b = x[off + 2 * p + 1];
            x[off + 2 * p] = a * cos[p] - b * sin[p];
            x[off + 2 * p + 1] = a * sin[p] + b * cos[p];
        }
    }

    @Override
    public void inverse(float[] x, int off) {
        for (int p = 0; p < dim / 2; p++) {
            float a = x[off + 2 * p];
            float b = x[off + 2 * p + 1];
            x[off + 2 * p] = a * cos[p] + b * sin[p];
            x[off + 2 * p + 1] = b * cos[p] - a * sin[p];
        }
    }
}
