package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The integer core shared by the vector kernels of the quantized formats: 32 small signed weights (decoded into
 * bytes by the format) times 32 Q8 activations, as eight int32 partial sums.
 *
 * <p>AVX2 has no signed byte dot instruction that the Vector API exposes, so bytes are widened to 16 lanes of
 * shorts, multiplied and added there: every weight of the supported formats is in [-128, 127] and every Q8
 * activation in [-127, 127], so one product is at most 16256 in magnitude and the sum of two still fits a short.
 * Adjacent short lanes are then summed into 8 int lanes ({@link #pairSums}), which is also the int lane layout
 * of AVX2's {@code madd}.
 */
final class Int8Vector {

    static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_128;
    static final VectorSpecies<Short> SHORTS = ShortVector.SPECIES_256;
    static final VectorSpecies<Integer> INTS = IntVector.SPECIES_256;
    static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_256;
    private static final VectorMask<Integer> ODD_LANES = VectorMask.fromLong(INTS, 0b1010_1010);

    private Int8Vector() {
    }

    /**
     * {@code Σ w[j]·q[offset+j]} over j in 0..31 as eight int lanes, where {@code low} holds the weights 0..15 and
     * {@code high} the weights 16..31. Each lane is the sum of four consecutive products, as ggml's AVX2 kernels
     * form them ({@code maddubs} then {@code madd}): lane order S0, S4, S1, S5, S2, S6, S3, S7 for
     * {@code S_i = Σ_{j=4i}^{4i+3}}, which {@link #sum} undoes. Accumulating these lanes in float with the block
     * scales and summing them as ggml does gives llama.cpp's own float rounding.
     */
    static IntVector dot32(ByteVector low, ByteVector high, byte[] q, int offset) {
        IntVector first = pairSums(widen(low).mul(widen(ByteVector.fromArray(BYTES, q, offset))));
        IntVector second = pairSums(widen(high).mul(widen(ByteVector.fromArray(BYTES, q, offset + 16))));
        IntVector firstQuads = first.add(first.reinterpretAsLongs().lanewise(VectorOperators.LSHR, 32)
                .reinterpretAsInts());
        IntVector secondQuads = second.add(second.reinterpretAsLongs().lanewise(VectorOperators.LSHL, 32)
                .reinterpretAsInts());
        return firstQuads.blend(secondQuads, ODD_LANES);
    }

    /**
     * ggml's {@code hsum_float_8} of eight lanes accumulated from {@link #dot32}:
     * {@code ((S0+S4) + (S2+S6)) + ((S1+S5) + (S3+S7))}, in that order.
     */
    static float sum(FloatVector lanes) {
        return ((lanes.lane(0) + lanes.lane(1)) + (lanes.lane(4) + lanes.lane(5)))
                + ((lanes.lane(2) + lanes.lane(3)) + (lanes.lane(6) + lanes.lane(7)));
    }

    /**
     * Sums adjacent pairs of 16 short lanes into 8 int lanes, in place: an int lane holds two shorts, the low one
     * sign-extended by a shift pair and the high one by an arithmetic shift. Widening each half instead needs a
     * cross-lane extract.
     */
    static IntVector pairSums(ShortVector shorts) {
        IntVector words = shorts.reinterpretAsInts();
        return words.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16)
                .add(words.lanewise(VectorOperators.ASHR, 16));
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
        return pairSums(p0.add(p1));
    }

    /** As {@link #dot32} over 16 weights only (the K-quants' sub-blocks of 16). */
    static IntVector dot16(ByteVector w, byte[] q, int offset) {
        return pairSums(widen(w).mul(widen(ByteVector.fromArray(BYTES, q, offset))));
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
