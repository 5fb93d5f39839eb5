package dev.nemotron.runtime.kv;

/**
 * A fixed orthogonal transform of head vectors, applied in place.
 *
 * <p>The rotated-domain codecs store {@code Π·x}; because Π is orthogonal and the same for every position,
 * {@code q·x = (Π·q)·(Π·x)} and {@code Σ p_t·x_t = Πᵀ·Σ p_t·(Π·x_t)}, so attention rotates the query once and
 * inverse-rotates the output once instead of touching every cached vector.
 */
sealed interface Rotation permits WalshHadamardRotation, HadamardRotation, PlanarRotation, QuaternionRotation {

    /** Length of the vectors it rotates. */
    int dim();

    /** {@code x[off, off + dim) ← Π·x}. */
    void forward(float[] x, int off);

    /** {@code x[off, off + dim) ← Πᵀ·x}. */
    void inverse(float[] x, int off);
}
