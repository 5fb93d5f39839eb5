package dev.nemotron.runtime.mlx;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector decoders of the common MLX codes: affine at 4 and 8 bits ({@link AffineRows}) and mxfp4
 * ({@link Mxfp4Rows}). Eight code bytes are widened to eight int lanes per step. Where a byte holds two
 * consecutive 4-bit codes, a permutation duplicates every lane and a per-lane shift (0 for the low nibble, 4 for
 * the high one) puts the codes in element order. An affine value is {@code s·q + b} with the multiply and the add
 * rounded separately, an mxfp4 value {@code E2M1[q]·scale}, exactly as the scalar decoders compute them.
 *
 * <p>Only loaded when {@link dev.nemotron.runtime.weights.WeightFormats#vectorKernels()} holds.
 */
final class CodeVector {

    private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_64;
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_256;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_256;
    private static final VectorShuffle<Integer> LOW_PAIRS = VectorShuffle.fromValues(INTS, 0, 0, 1, 1, 2, 2, 3, 3);
    private static final VectorShuffle<Integer> HIGH_PAIRS = VectorShuffle.fromValues(INTS, 4, 4, 5, 5, 6, 6, 7, 7);
    private static final IntVector NIBBLE_SHIFTS = IntVector.fromArray(INTS, new int[] {0, 4, 0, 4, 0, 4, 0, 4}, 0);

    /** Whether the 256-bit species these kernels use run natively (else the scalar decoders are faster). */
    static final boolean NATIVE = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256;

    /** The float bits of the E2M1 magnitudes, indexed by the low three bits of a code. */
    private static final IntVector E2M1_BITS = IntVector.fromArray(INTS, e2m1Bits(), 0);

    private CodeVector() {
    }

    /** Decodes {@code count} 4-bit codes (a multiple of 16) at {@code offset} into {@code out[o...]}. */
    static void decode4(MemorySegment codes, long offset, float s, float b, float[] out, int o, int count) {
        for (int i = 0; i < count; i += 16) {
            IntVector bytes = widen(codes, offset + i / 2);
            store(bytes.rearrange(LOW_PAIRS).lanewise(VectorOperators.LSHR, NIBBLE_SHIFTS).and(15), s, b, out,
                    o + i);
            store(bytes.rearrange(HIGH_PAIRS).lanewise(VectorOperators.LSHR, NIBBLE_SHIFTS).and(15), s, b, out,
                    o + i + 8);
        }
    }

    /** Decodes {@code count} 8-bit codes (a multiple of 8) at {@code offset} into {@code out[o...]}. */
    static void decode8(MemorySegment codes, long offset, float s, float b, float[] out, int o, int count) {
        for (int i = 0; i < count; i += 8) {
            store(widen(codes, offset + i), s, b, out, o + i);
        }
    }

    /** Decodes {@code count} mxfp4 codes (a multiple of 16) at {@code offset}, all under {@code scale}. */
    static void decodeMxfp4(MemorySegment codes, long offset, float scale, float[] out, int o, int count) {
        for (int i = 0; i < count; i += 16) {
            IntVector bytes = widen(codes, offset + i / 2);
            storeE2m1(bytes.rearrange(LOW_PAIRS).lanewise(VectorOperators.LSHR, NIBBLE_SHIFTS), scale, out, o + i);
            storeE2m1(bytes.rearrange(HIGH_PAIRS).lanewise(VectorOperators.LSHR, NIBBLE_SHIFTS), scale, out,
                    o + i + 8);
        }
    }

    /** Lanes holding a code in their low four bits: magnitude from the table, sign from bit 3. */
    private static void storeE2m1(IntVector code, float scale, float[] out, int at) {
        IntVector magnitude = code.and(7).selectFrom(E2M1_BITS);
        IntVector sign = code.and(8).lanewise(VectorOperators.LSHL, 28);
        ((FloatVector) magnitude.or(sign).reinterpretAsFloats()).mul(scale).intoArray(out, at);
    }

    private static int[] e2m1Bits() {
        int[] bits = new int[8];
        for (int m = 0; m < 8; m++) {
            bits[m] = Float.floatToRawIntBits(Mxfp4Rows.E2M1[m]);
        }
        return bits;
    }

    private static IntVector widen(MemorySegment codes, long offset) {
        return (IntVector) ByteVector.fromMemorySegment(BYTES, codes, offset, ByteOrder.LITTLE_ENDIAN)
                .convertShape(VectorOperators.ZERO_EXTEND_B2I, INTS, 0);
    }

    private static void store(IntVector q, float s, float b, float[] out, int at) {
        ((FloatVector) q.convert(VectorOperators.I2F, 0)).mul(s).add(b).intoArray(out, at);
    }
}
