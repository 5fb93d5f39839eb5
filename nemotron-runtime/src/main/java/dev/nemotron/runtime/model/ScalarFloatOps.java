package dev.nemotron.runtime.model;

/** Plain loops: the reference for {@link VectorFloatOps} and the fallback without the Vector API. */
final class ScalarFloatOps extends FloatOps {

    static final ScalarFloatOps INSTANCE = new ScalarFloatOps();

    @Override
    public float dot(float[] a, int ao, float[] b, int bo, int n) {
        float sum = 0;
        for (int i = 0; i < n; i++) {
            sum += a[ao + i] * b[bo + i];
        }
        return sum;
    }

    @Override
    public void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }

    @Override
    public int vectorWidth() {
        return 1;
    }
}
