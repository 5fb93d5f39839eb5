package dev.nemotron.runtime.kv;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** The two F32 loops of attention, on the widest vectors the CPU has; a scalar tail covers odd lengths. */
final class KvKernels {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private KvKernels() {
    }

    /** {@code Σ a[ao + i]·b[bo + i]} for {@code i < n}, summed in F32 lanes. */
    static float dot(float[] a, int ao, float[] b, int bo, int n) {
        FloatVector sum = FloatVector.zero(SPECIES);
        int i = 0;
        for (int upper = SPECIES.loopBound(n); i < upper; i += SPECIES.length()) {
            sum = FloatVector.fromArray(SPECIES, a, ao + i).fma(FloatVector.fromArray(SPECIES, b, bo + i), sum);
        }
        float s = sum.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    /** {@code y[yo + i] += w·x[xo + i]} for {@code i < n}. */
    static void axpy(float w, float[] x, int xo, float[] y, int yo, int n) {
        FloatVector weight = FloatVector.broadcast(SPECIES, w);
        int i = 0;
        for (int upper = SPECIES.loopBound(n); i < upper; i += SPECIES.length()) {
            FloatVector.fromArray(SPECIES, x, xo + i).fma(weight, FloatVector.fromArray(SPECIES, y, yo + i))
                    .intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] += w * x[xo + i];
        }
    }
}
