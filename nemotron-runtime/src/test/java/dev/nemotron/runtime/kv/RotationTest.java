package dev.nemotron.runtime.kv;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RotationTest {

    private static List<Rotation> rotations(int dim) {
        return List.of(new WalshHadamardRotation(dim), new PlanarRotation(dim), new QuaternionRotation(dim));
    }

    @Test
    void inverseUndoesForwardToFloatPrecision() {
        SplittableRandom random = new SplittableRandom(1);
        for (int dim = 16; dim <= 1024; dim *= 2) {
            for (Rotation rotation : rotations(dim)) {
                float[] x = new float[dim];
                for (int i = 0; i < dim; i++) {
                    x[i] = (float) random.nextGaussian();
                }
                float[] y = x.clone();
                rotation.forward(y, 0);
                rotation.inverse(y, 0);
                double scale = 0;
                double worst = 0;
                for (int i = 0; i < dim; i++) {
                    scale = Math.max(scale, Math.abs(x[i]));
                    worst = Math.max(worst, Math.abs(y[i] - x[i]));
                }
                // log2(1024) = 10 butterfly stages of one rounding each, plus the sign passes
                assertThat(worst / scale).as("%s in dimension %d", rotation.getClass().getSimpleName(), dim)
                        .isLessThan(8 * Math.ulp(1f));
            }
        }
    }

    @Test
    void rotationsAreOrthogonal() {
        int dim = 128;
        for (Rotation rotation : rotations(dim)) {
            // the columns Π·e_i must be orthonormal
            float[][] columns = new float[dim][];
            for (int i = 0; i < dim; i++) {
                columns[i] = new float[dim];
                columns[i][i] = 1;
                rotation.forward(columns[i], 0);
            }
            for (int i = 0; i < dim; i += 7) {
                for (int j = 0; j < dim; j += 5) {
                    double dot = 0;
                    for (int k = 0; k < dim; k++) {
                        dot += (double) columns[i][k] * columns[j][k];
                    }
                    assertThat(dot).isCloseTo(i == j ? 1 : 0, within(1e-6));
                }
            }
        }
    }

    @Test
    void walshHadamardIsDenseAndBlockRotationsAreLocal() {
        float[] e0 = new float[128];
        e0[0] = 1;
        float[] h = e0.clone();
        new WalshHadamardRotation(128).forward(h, 0);
        float[] p = e0.clone();
        new PlanarRotation(128).forward(p, 0);
        float[] q = e0.clone();
        new QuaternionRotation(128).forward(q, 0);

        for (float v : h) {
            assertThat(Math.abs(v)).isCloseTo((float) (1 / Math.sqrt(128)), within(1e-7f));
        }
        assertThat(nonZero(p)).isEqualTo(2);
        assertThat(nonZero(q)).isEqualTo(4);
    }

    private static int nonZero(float[] x) {
        int n = 0;
        for (float v : x) {
            n += v != 0 ? 1 : 0;
        }
        return n;
    }

    @Test
    void walshHadamardRejectsDimensionsThatAreNotPowersOfTwo() {
        assertThatThrownBy(() -> new WalshHadamardRotation(96)).hasMessageContaining("96");
    }
}
