package dev.nemotron.runtime.kv;

import java.util.SplittableRandom;

/**
 * RotorQuant's 4-D block rotation (IsoQuant, the "fast" form the llama.cpp fork runs): each quartet
 * {@code (x_{4g}, …, x_{4g+3})}, read as a quaternion {@code (w, x, y, z)}, multiplied from the left by its own
 * fixed unit quaternion {@code q_g} (a normalized Gaussian 4-vector from a fixed seed). Left multiplication by a
 * unit quaternion is an orthogonal 4×4 map; its inverse is left multiplication by the conjugate.
 */
final class QuaternionRotation implements Rotation {

    static final long SEED = 42;

    private final int dim;
    /** Unit quaternions, four floats (w, x, y, z) per quartet. */
    private final float[] quaternions;

    QuaternionRotation(int dim) {
        if (dim < 4 || dim % 4 != 0) {
            throw new IllegalArgumentException("quaternion rotation needs a multiple of 4, got " + dim);
        }
        this.dim = dim;
        SplittableRandom random = new SplittableRandom(SEED + dim);
        quaternions = new float[dim];
        for (int g = 0; g < dim / 4; g++) {
            double[] q = new double[4];
            double norm = 0;
            for (int i = 0; i < 4; i++) {
                q[i] = random.nextGaussian();
                norm += q[i] * q[i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < 4; i++) {
                quaternions[4 * g + i] = (float) (q[i] / norm);
            }
        }
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public void forward(float[] x, int off) {
        multiplyLeft(x, off, 1);
    }

    @Override
    public void inverse(float[] x, int off) {
        multiplyLeft(x, off, -1);
    }

    /** {@code v ← q·v} for every quartet, with q conjugated when {@code sign} is −1 (Hamilton product). */
    private void multiplyLeft(float[] v, int off, float sign) {
        for (int g = 0; g < dim / 4; g++) {
            float aw = quaternions[4 * g];
            float ax = sign * quaternions[4 * g + 1];
            float ay = sign * quaternions[4 * g + 2];
            float az = sign * quaternions[4 * g + 3];
            int i = off + 4 * g;
            float bw = v[i];
            float bx = v[i + 1];
            float by = v[i + 2];
            float bz = v[i + 3];
            v[i] = aw * bw - ax * bx - ay * by - az * bz;
            v[i + 1] = aw * bx + ax * bw + ay * bz - az * by;
            v[i + 2] = aw * by - ax * bz + ay * bw + az * bx;
            v[i + 3] = aw * bz + ax * by - ay * bx + az * bw;
        }
    }
}
