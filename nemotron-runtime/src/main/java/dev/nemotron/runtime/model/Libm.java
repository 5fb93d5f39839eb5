package dev.nemotron.runtime.model;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The C library's single-precision {@code expf} and {@code logf}, called through FFM.
 *
 * <p>llama.cpp's scalar kernels (the Mamba softplus and decay) call libm, whose float functions are not all
 * correctly rounded ({@code logf} is off by up to 0.82 ulp), so a Java equivalent differs from it now and then
 * by one ulp. That ulp enters the SSM state and, through the bf16 or fp16 rounding of later activations, the
 * logits; calling the same functions removes it. Where the C library cannot be reached, Java's functions are
 * used, rounded to float.
 */
final class Libm {

    private static final MethodHandle EXPF = find("expf");
    private static final MethodHandle LOGF = find("logf");

    private Libm() {
    }

    /** e^x as the C library's {@code expf}. */
    static float expf(float x) {
        if (EXPF == null) {
            return (float) Math.exp(x);
        }
        try {
            return (float) EXPF.invokeExact(x);
        } catch (Throwable e) {
            throw new IllegalStateException("libm expf failed", e);
        }
    }

    /** ln x as the C library's {@code logf}. */
    static float logf(float x) {
        if (LOGF == null) {
            return (float) Math.log(x);
        }
        try {
            return (float) LOGF.invokeExact(x);
        } catch (Throwable e) {
            throw new IllegalStateException("libm logf failed", e);
        }
    }

    private static MethodHandle find(String name) {
        try {
            Linker linker = Linker.nativeLinker();
            FunctionDescriptor floatToFloat = FunctionDescriptor.of(ValueLayout.JAVA_FLOAT, ValueLayout.JAVA_FLOAT);
            return linker.defaultLookup().find(name).map(s -> linker.downcallHandle(s, floatToFloat)).orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
