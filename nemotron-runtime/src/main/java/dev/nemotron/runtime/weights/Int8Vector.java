package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The integer core shared by the vector kernels of the quantized formats: 32 small signed weights (decoded into
 * bytes by the format) times 32 Q8 activations, as eight int32 partial sums.
 *
 * <p>AVX2 has no signed byte dot instruction that the Vector API exposes, so bytes are widened to 16 lanes of
 * shorts, multiplied and added there: every weight of the supported formats is in [-128, 127] and every Q8
 * activation in [-127, 127], so one product is at most 16256 in magnitude and the sum of two still fits a short.
 */
final class Int8Vector {

    static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_128;
    static final VectorSpecies<Short> SHORTS = ShortVector.SPECIES_256;
    static final VectorSpecies<Integer> INTS = IntVector.SPECIES_256;
    static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_256;

    private Int8Vector() {
    }

    /**
     * Eight partial sums of {@code Σ w[j]·q[offset+j]} over j in 0..31, where {@code low} holds the weights
     * 0..15 and {@code high} the weights 16..31.
     */
    static IntVector dot32(ByteVector low, ByteVector high, byte[] q, int offset) {
        ShortVector p0 = widen(low).mul(widen(ByteVector.fromArray(BYTES, q, offset)));
        ShortVector p1 = widen(high).mul(widen(ByteVector.fromArray(BYTES, q, offset + 16)));
        ShortVector pairs = p0.add(p1);
        return ((IntVector) pairs.convertShape(VectorOperators.S2I, INTS, 0))
                .add((IntVector) pairs.convertShape(VectorOperators.S2I, INTS, 1));
    }

    /**
     * As {@link #dot32} for two sub-blocks of 16 with their own integer scales, weighted before the shorts are
     * widened: valid while {@code |w·q·scale|} stays within 16383 (Q2_K: 3·127·15, Q3_K: 4·127·32 at most).
     */
    static IntVector dot32Scaled(ByteVector first, int firstScale, ByteVector second, int secondScale,
            byte[] q, int offset) {
        ShortVector p0 = widen(first).mul(widen(ByteVector.fromArray(BYTES, q, offset))).mul((short) firstScale);
        ShortVector p1 = widen(second).mul(widen(ByteVector.fromArray(BYTES, q, offset + 16)))
                .mul((short) secondScale);
        ShortVector pairs = p0.add(p1);
        return ((IntVector) pairs.convertShape(VectorOperators.S2I, INTS, 0))
                .add((IntVector) pairs.convertShape(VectorOperators.S2I, INTS, 1));
    }

    /** As {@link #dot32} over 16 weights only (the K-quants' sub-blocks of 16). */
    static IntVector dot16(ByteVector w, byte[] q, int offset) {
        ShortVector p = widen(w).mul(widen(ByteVector.fromArray(BYTES, q, offset)));
        return ((IntVector) p.convertShape(VectorOperators.S2I, INTS, 0))
                .add((IntVector) p.convertShape(VectorOperators.S2I, INTS, 1));
    }

    /** 16 bytes of {@code data} at {@code offset}. */
    static ByteVector load(MemorySegment data, long offset) {
        return ByteVector.fromMemorySegment(BYTES, data, offset, ByteOrder.LITTLE_ENDIAN);
    }

    static ShortVector widen(ByteVector bytes) {
        return (ShortVector) bytes.convertShape(VectorOperators.B2S, SHORTS, 0);
    }

    /** {@code acc + scale·(float) sums}, lane-wise. */
    static FloatVector accumulate(FloatVector acc, IntVector sums, float scale) {
        FloatVector floats = (FloatVector) sums.convertShape(VectorOperators.I2F, FLOATS, 0);
        return floats.fma(FloatVector.broadcast(FLOATS, scale), acc);
    }
}
