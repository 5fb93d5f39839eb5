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

    /**
     * The tiled batch products of {@link TileVector} are on ({@code -Dnemotron.tiledKernels=true}). They are
     * several times faster for prefill but add floats in another order than llama.cpp's kernels, which can flip
     * a near-tie MoE routing choice and with it a token's logits; off, every product takes the formats' own
     * kernels in llama.cpp's order.
     */
    static final boolean TILED = AVAILABLE && Boolean.getBoolean("nemotron.tiledKernels");

    private VectorSupport() {
    }
}
