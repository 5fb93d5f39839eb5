package dev.nemotron.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The Vector API helpers agree with the scalar reference up to summation order. */
class FloatOpsTest {

    @Test
    void vectorDotAndAxpyMatchTheScalarReference() {
        FloatOps vector = FloatOps.get();
        FloatOps scalar = FloatOps.scalar();
        assertThat(vector.vectorWidth()).isGreaterThan(1);
        Random random = new Random(7);
        for (int n : new int[] {1, 15, 16, 17, 100, 333}) {
            float[] a = new float[n + 3];
            float[] b = new float[n + 5];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) random.nextGaussian();
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) random.nextGaussian();
            }
            assertThat(vector.dot(a, 3, b, 5, n)).isCloseTo(scalar.dot(a, 3, b, 5, n), within(1e-4f * n));
            float[] y1 = b.clone();
            float[] y2 = b.clone();
            vector.axpy(0.5f, a, 3, y1, 5, n);
            scalar.axpy(0.5f, a, 3, y2, 5, n);
            for (int i = 0; i < y1.length; i++) {
                assertThat(y1[i]).isCloseTo(y2[i], within(1e-6f));
            }
        }
    }
}
