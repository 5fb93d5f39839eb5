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
 * Vector decoders of MLX codes: affine at every width ({@link AffineRows}) and mxfp4 ({@link Mxfp4Rows}).
 *
 * <p>Eight codes of {@code bits} bits fill exactly {@code bits} bytes of the little-endian bit stream. One 8-byte
 * load holds them, widened to eight int lanes; code j starts at bit {@code j·bits}, so two lane permutations put
 * the byte it starts in and the next one into lane j, and a per-lane shift by {@code j·bits mod 8} and a mask
 * leave the code. (A code of at most 8 bits shifted by at most 7 always fits those 16 bits.) An affine value is
 * {@code s·q + b} with the multiply and the add rounded separately, an mxfp4 value {@code E2M1[q]·scale}, exactly
 * as the scalar decoders compute them.
 *
 * <p>Only loaded when {@link dev.nemotron.runtime.weights.WeightFormats#vectorKernels()} holds.
 */
final class CodeVector {

    private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_64;
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_256;
    /** The float bits of the E2M1 magnitudes, indexed by the low three bits of a code. */
    private static final IntVector E2M1_BITS = IntVector.fromArray(INTS, e2m1Bits(), 0);

    /** Whether the 256-bit species these kernels use run natively (else the scalar decoders are faster). */
    static final boolean NATIVE = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256;

    /** Where the eight codes of one width sit in their bytes. */
    private record Layout(VectorShuffle<Integer> first, VectorShuffle<Integer> second, IntVector shifts, int mask) {

        static Layout of(int bits) {
            int[] first = new int[8];
            int[] second = new int[8];
            int[] shifts = new int[8];
            for (int j = 0; j < 8; j++) {
                first[j] = j * bits / 8;
                second[j] = Math.min(7, first[j] + 1);
                shifts[j] = j * bits % 8;
            }
            return new Layout(VectorShuffle.fromArray(INTS, first, 0), VectorShuffle.fromArray(INTS, second, 0),
                    IntVector.fromArray(INTS, shifts, 0), (1 << bits) - 1);
        }
    }

    /** The layout of each width 0 … 8 (2 to 8 used). */
    private static final Layout[] LAYOUTS = new Layout[9];

    static {
        for (int bits = 2; bits <= 8; bits++) {
            LAYOUTS[bits] = Layout.of(bits);
        }
    }

    private CodeVector() {
    }

    /**
     * Decodes up to {@code count} affine codes at {@code offset} into {@code out[o...]}, eight at a time, stopping
     * where an 8-byte load would pass the end of {@code codes}; returns how many it decoded.
     */
    static int decodeAffine(MemorySegment codes, long offset, int bits, float s, float b, float[] out, int o,
            int count) {
        Layout layout = LAYOUTS[bits];
        int chunks = chunks(codes, offset, bits, count);
        for (int k = 0; k < chunks; k++) {
            IntVector q = eightCodes(codes, offset + (long) k * bits, layout);
            ((FloatVector) q.convert(VectorOperators.I2F, 0)).mul(s).add(b).intoArray(out, o + 8 * k);
        }
        return 8 * chunks;
    }

    /** As {@link #decodeAffine}, for mxfp4 codes under one scale. */
    static int decodeMxfp4(MemorySegment codes, long offset, float scale, float[] out, int o, int count) {
        Layout layout = LAYOUTS[4];
        int chunks = chunks(codes, offset, 4, count);
        for (int k = 0; k < chunks; k++) {
            IntVector code = eightCodes(codes, offset + 4L * k, layout);
            IntVector magnitude = code.and(7).selectFrom(E2M1_BITS);
            IntVector sign = code.and(8).lanewise(VectorOperators.LSHL, 28);
            magnitude.or(sign).reinterpretAsFloats().mul(scale).intoArray(out, o + 8 * k);
        }
        return 8 * chunks;
    }

    /** Chunks of eight codes from {@code offset} on whose 8-byte load stays inside {@code codes}. */
    private static int chunks(MemorySegment codes, long offset, int bits, int count) {
        long room = codes.byteSize() - 8 - offset;
        return room < 0 ? 0 : (int) Math.min(count / 8, room / bits + 1);
    }

    private static IntVector eightCodes(MemorySegment codes, long offset, Layout layout) {
        IntVector bytes = (IntVector) ByteVector.fromMemorySegment(BYTES, codes, offset, ByteOrder.LITTLE_ENDIAN)
                .convertShape(VectorOperators.ZERO_EXTEND_B2I, INTS, 0);
        IntVector first = bytes.rearrange(layout.first());
        IntVector second = bytes.rearrange(layout.second());
        return first.or(second.lanewise(VectorOperators.LSHL, 8)).lanewise(VectorOperators.LSHR, layout.shifts())
                .and(layout.mask());
    }

    private static int[] e2m1Bits() {
        int[] bits = new int[8];
        for (int m = 0; m < 8; m++) {
            bits[m] = Float.floatToRawIntBits(Mxfp4Rows.E2M1[m]);
        }
        return bits;
    }
}
