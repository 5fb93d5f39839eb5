package dev.nemotron.runtime.weights;

import static org.assertj.core.api.Assertions.assertThat;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;

import org.junit.jupiter.api.Test;

/**
 * The int8 core reproduces the lane arithmetic of ggml's AVX2 kernels: lanes of four consecutive products
 * ({@code maddubs} then {@code madd}) and {@code hsum_float_8}'s order of additions.
 */
class Int8VectorTest {

    @Test
    void eachLaneSumsFourConsecutiveProductsInterleavingTheTwoHalves() {
        byte[] weights = new byte[32];
        byte[] q = new byte[32];
        for (int j = 0; j < 32; j++) {
            weights[j] = (byte) (j + 1);
            q[j] = (byte) (j % 3 - 1);
        }
        IntVector lanes = Int8Vector.dot32(ByteVector.fromArray(Int8Vector.BYTES, weights, 0),
                ByteVector.fromArray(Int8Vector.BYTES, weights, 16), q, 0);
        int[] ggml = new int[8];
        for (int j = 0; j < 32; j++) {
            ggml[j / 4] += weights[j] * q[j];
        }
        assertThat(lanes.toArray()).containsExactly(ggml[0], ggml[4], ggml[1], ggml[5], ggml[2], ggml[6], ggml[3],
                ggml[7]);
    }

    @Test
    void sumAddsTheLanesInHsumFloat8Order() {
        // ggml lanes L0..L7 chosen so that any other order of additions rounds differently
        float[] ggml = {1e8f, 3f, -1e8f, 0.75f, 5f, 1e-3f, -7f, 1e7f};
        float[] interleaved = {ggml[0], ggml[4], ggml[1], ggml[5], ggml[2], ggml[6], ggml[3], ggml[7]};
        // _mm256_extractf128_ps + add: r_i = L_i + L_{i+4}; movehl: r0 + r2, r1 + r3; movehdup: (r0+r2) + (r1+r3)
        float[] r = new float[4];
        for (int i = 0; i < 4; i++) {
            r[i] = ggml[i + 4] + ggml[i];
        }
        float expected = (r[0] + r[2]) + (r[1] + r[3]);
        assertThat(Int8Vector.sum(FloatVector.fromArray(Int8Vector.FLOATS, interleaved, 0))).isEqualTo(expected);
        float sequential = 0;
        for (float f : ggml) {
            sequential += f;
        }
        assertThat(sequential).isNotEqualTo(expected);
    }
}
