package dev.nemotron.runtime.model;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * F32 vector helpers of the forward pass (attention scores, value sums, dequantized-row products).
 *
 * <p>The Vector API implementation lives in a class that is only loaded when the {@code jdk.incubator.vector}
 * module is in the boot layer; without it the scalar implementation runs and one warning is logged.
 */
public abstract class FloatOps {

    private static final FloatOps INSTANCE = select();

    /** The implementation for this JVM. */
    public static FloatOps get() {
        return INSTANCE;
    }

    /** The scalar reference implementation. */
    public static FloatOps scalar() {
        return ScalarFloatOps.INSTANCE;
    }

    /** {@code Σ a[ao+i]·b[bo+i]} for {@code i < n}. */
    public abstract float dot(float[] a, int ao, float[] b, int bo, int n);

    /** {@code y[yo+i] += alpha·x[xo+i]} for {@code i < n}. */
    public abstract void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n);

    /** Float lanes of one vector register, 1 for the scalar implementation. */
    public abstract int vectorWidth();

    private static FloatOps select() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                return (FloatOps) Class.forName("dev.nemotron.runtime.model.VectorFloatOps")
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                logger().warn("Vector API unusable ({}); using scalar kernels", e.toString());
                return ScalarFloatOps.INSTANCE;
            }
        }
        logger().warn("jdk.incubator.vector is not enabled (--add-modules jdk.incubator.vector); "
                + "using scalar kernels, which are slower");
        return ScalarFloatOps.INSTANCE;
    }

    private static Logger logger() {
        return LoggerFactory.getLogger(FloatOps.class);
    }
}
