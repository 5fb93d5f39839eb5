package dev.nemotron.runtime.kv;

import java.util.List;

/** Looks up a {@link KvCodec} by the id used in the configuration ({@code kv-cache.codec}) and the command line. */
public final class KvCodecs {

    /** Every codec id, in the order the documentation lists them. */
    public static final List<String> IDS = List.of("f32", "f16", "bf16", "q8_0", "q4_0");

    /** The codec llama.cpp uses when nothing is configured. */
    public static final String DEFAULT_ID = "f16";

    private KvCodecs() {
    }

    /**
     * The codec {@code id} for head vectors of {@code headDim} values.
     *
     * @param bits bits per value for the codecs that have a choice; ignored by the others
     * @throws IllegalArgumentException for an unknown id, a bit width the codec does not offer, or a head
     *                                  dimension it cannot encode
     */
    public static KvCodec of(String id, int bits, int headDim) {
        if (headDim <= 0) {
            throw new IllegalArgumentException("KV codec " + id + ": head dimension must be positive, got " + headDim);
        }
        return switch (id) {
            case "f32" -> new F32KvCodec(headDim);
            case "f16" -> new HalfPrecisionKvCodec.F16(headDim);
            case "bf16" -> new HalfPrecisionKvCodec.Bf16(headDim);
            case "q8_0" -> new Q8_0KvCodec(requireBlocks(id, headDim));
            case "q4_0" -> new Q4_0KvCodec(requireBlocks(id, headDim));
            default -> throw new IllegalArgumentException(
                    "unknown KV codec '" + id + "'; known codecs: " + String.join(", ", IDS));
        };
    }

    private static int requireBlocks(String id, int headDim) {
        if (headDim % Q8Blocks.SIZE != 0) {
            throw new IllegalArgumentException("KV codec %s stores blocks of %d values; head dimension %d is not a multiple"
                    .formatted(id, Q8Blocks.SIZE, headDim));
        }
        return headDim;
    }
}
