package dev.nemotron.runtime.weights;

/**
 * Whether the Vector API can be used. The kernels that use it live in classes of their own (named
 * {@code *Vector}), which are only loaded when this says so: a JVM started without
 * {@code --add-modules jdk.incubator.vector} then runs the scalar references instead of failing.
 */
final class VectorSupport {

    /** The incubator module is in the boot layer and {@code nemotron.vector=false} was not set. */
    static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"false".equals(System.getProperty("nemotron.vector"));

    private VectorSupport() {
    }
}
