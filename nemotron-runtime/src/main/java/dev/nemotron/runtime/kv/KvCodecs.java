package dev.nemotron.runtime.kv;

import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.function.IntFunction;

/**
 * Looks up a {@link KvCodec} by the id used in the configuration ({@code kv-cache.codec}, {@code key-codec},
 * {@code value-codec}) and on the command line ({@code --kv-codec}), with the bit width of {@code kv-cache.bits}.
 *
 * <p>{@code turboquant} takes 2, 2.5, 3, 3.5 or 4 bits; the fractional widths split the rotated head vector into
 * two parts with their own norms and codebooks (2.5: a quarter at 3 bits and the rest at 2, the paper's 32 + 96
 * channels of a 128-value head; 3.5: half at 4 bits, half at 3). {@code rotorquant} takes 3 or 4 bits and means
 * the quaternion (IsoQuant) block rotation; {@code rotorquant-planar} and {@code rotorquant-iso} name the two
 * block rotations explicitly. A bit width of 0 selects 3 bits for these codecs; the other codecs ignore it.
 */
public final class KvCodecs {

    /** Every codec id, in the order the documentation lists them. */
    public static final List<String> IDS = List.of("f32", "f16", "bf16", "q8_0", "q4_0", "turboquant", "rotorquant",
            "rotorquant-planar", "rotorquant-iso");

    /** The codec llama.cpp uses when nothing is configured. */
    public static final String DEFAULT_ID = "f16";

    /** The bit width of TurboQuant and RotorQuant when none is configured. */
    public static final double DEFAULT_BITS = 3;

    /** Head dimensions that are multiples of this get llama.cpp's Hadamard rotation with q8_0 and q4_0. */
    private static final int LLAMA_CPP_ROTATION_UNIT = 64;

    private static final List<Double> TURBOQUANT_BITS = List.of(2.0, 2.5, 3.0, 3.5, 4.0);
    private static final List<Double> ROTORQUANT_BITS = List.of(3.0, 4.0);

    private KvCodecs() {
    }

    /** The bit widths codec {@code id} offers, ascending; empty for the codecs that have a fixed format. */
    public static List<Double> bitWidths(String id) {
        return switch (id) {
            case "turboquant" -> TURBOQUANT_BITS;
            case "rotorquant", "rotorquant-iso", "rotorquant-planar" -> ROTORQUANT_BITS;
            default -> {
                if (!IDS.contains(id)) {
                    throw unknown(id);
                }
                yield List.of();
            }
        };
    }

    private static IllegalArgumentException unknown(String id) {
        return new IllegalArgumentException("unknown KV codec '" + id + "'; known codecs: " + String.join(", ", IDS));
    }

    /**
     * The codec {@code id} for keys of {@code headDim} values; the same as {@link #forKeys}.
     *
     * @param bits bits per value for the codecs that have a choice (0 for their default); ignored by the others
     * @throws IllegalArgumentException for an unknown id, a bit width the codec does not offer, or a head
     *                                  dimension it cannot encode
     */
    public static KvCodec of(String id, int bits, int headDim) {
        return forKeys(id, bits, headDim);
    }

    /** As {@link #of(String, int, int)}, for the fractional widths 2.5 and 3.5 of TurboQuant. */
    public static KvCodec of(String id, double bits, int headDim) {
        return forKeys(id, bits, headDim);
    }

    /**
     * The codec {@code id} for cached keys. Keys and values differ only for {@code q8_0} and {@code q4_0} at head
     * dimensions that are multiples of 64, where llama.cpp rotates keys (and the query) with the largest
     * power-of-two Hadamard block that divides the head dimension and values with blocks of 64
     * ({@link HadamardRotation}).
     */
    public static KvCodec forKeys(String id, double bits, int headDim) {
        return create(id, bits, headDim, true);
    }

    /** The codec {@code id} for cached values; see {@link #forKeys}. */
    public static KvCodec forValues(String id, double bits, int headDim) {
        return create(id, bits, headDim, false);
    }

    private static KvCodec create(String id, double bits, int headDim, boolean keys) {
        if (headDim <= 0) {
            throw new IllegalArgumentException("KV codec " + id + ": head dimension must be positive, got " + headDim);
        }
        return switch (id) {
            case "f32" -> new F32KvCodec(headDim);
            case "f16" -> new HalfPrecisionKvCodec.F16(headDim);
            case "bf16" -> new HalfPrecisionKvCodec.Bf16(headDim);
            case "q8_0" -> new Q8_0KvCodec(requireBlocks(id, headDim), llamaCppRotation(headDim, keys));
            case "q4_0" -> new Q4_0KvCodec(requireBlocks(id, headDim), llamaCppRotation(headDim, keys));
            case "turboquant" -> rotated(id, bits, headDim, WalshHadamardRotation::new);
            case "rotorquant", "rotorquant-iso" -> rotated(id, bits, headDim, QuaternionRotation::new);
            case "rotorquant-planar" -> rotated(id, bits, headDim, PlanarRotation::new);
            default -> throw unknown(id);
        };
    }

    /**
     * llama.cpp's rotation of a quantized cache (on unless {@code LLAMA_ATTN_ROT_DISABLE} is set there): only for
     * head dimensions that are multiples of 64; keys with the largest power-of-two block dividing the head
     * dimension, values with 64.
     */
    private static @Nullable Rotation llamaCppRotation(int headDim, boolean keys) {
        if (headDim % LLAMA_CPP_ROTATION_UNIT != 0) {
            return null;
        }
        return new HadamardRotation(headDim, keys ? Integer.lowestOneBit(headDim) : LLAMA_CPP_ROTATION_UNIT);
    }

    private static int requireBlocks(String id, int headDim) {
        if (headDim % Q8Blocks.SIZE != 0) {
            throw new IllegalArgumentException(
                    "KV codec %s stores blocks of %d values; head dimension %d is not a multiple"
                            .formatted(id, Q8Blocks.SIZE, headDim));
        }
        return headDim;
    }

    private static KvCodec rotated(String id, double bits, int headDim, IntFunction<Rotation> rotation) {
        List<Double> offered = bitWidths(id);
        double b = bits == 0 ? DEFAULT_BITS : bits;
        if (!offered.contains(b)) {
            throw new IllegalArgumentException("KV codec %s offers %s bits per value, not %s"
                    .formatted(id, offered.stream().map(KvCodecs::format).toList(), format(bits)));
        }
        if (headDim < 16 || Integer.bitCount(headDim) != 1 || (b == 2.5 && headDim < 32)) {
            throw new IllegalArgumentException(("KV codec %s at %s bits needs a head dimension that is a power of two"
                    + " of at least %d, got %d").formatted(id, format(b), b == 2.5 ? 32 : 16, headDim));
        }
        int whole = (int) b;
        int[] lengths;
        int[] partBits;
        if (b == whole) {
            lengths = new int[] {headDim};
            partBits = new int[] {whole};
        } else if (whole == 2) {
            lengths = new int[] {headDim / 4, headDim - headDim / 4};
            partBits = new int[] {3, 2};
        } else {
            lengths = new int[] {headDim / 2, headDim / 2};
            partBits = new int[] {4, 3};
        }
        return new RotatedCodebookKvCodec(id, b, rotation.apply(headDim), lengths, partBits);
    }

    private static String format(double bits) {
        return bits == Math.rint(bits) ? Integer.toString((int) bits) : Double.toString(bits);
    }
}
