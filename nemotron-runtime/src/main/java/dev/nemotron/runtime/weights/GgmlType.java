package dev.nemotron.runtime.weights;

import java.util.Arrays;
import java.util.Optional;

/**
 * The tensor element types of ggml, with their ids as stored in GGUF files and their block geometry.
 *
 * <p>A type stores {@link #blockSize()} elements in {@link #typeSize()} bytes. The ids are ggml's
 * ({@code ggml/include/ggml.h}); types this engine cannot compute with are still listed so that a file using them
 * can be described and rejected with the type's name.
 */
public enum GgmlType {
    F32(0, 1, 4),
    F16(1, 1, 2),
    Q4_0(2, 32, 18),
    Q4_1(3, 32, 20),
    Q5_0(6, 32, 22),
    Q5_1(7, 32, 24),
    Q8_0(8, 32, 34),
    Q8_1(9, 32, 36),
    Q2_K(10, 256, 84),
    Q3_K(11, 256, 110),
    Q4_K(12, 256, 144),
    Q5_K(13, 256, 176),
    Q6_K(14, 256, 210),
    Q8_K(15, 256, 292),
    IQ2_XXS(16, 256, 66),
    IQ2_XS(17, 256, 74),
    IQ3_XXS(18, 256, 98),
    IQ1_S(19, 256, 50),
    IQ4_NL(20, 32, 18),
    IQ3_S(21, 256, 110),
    IQ2_S(22, 256, 82),
    IQ4_XS(23, 256, 136),
    I8(24, 1, 1),
    I16(25, 1, 2),
    I32(26, 1, 4),
    I64(27, 1, 8),
    F64(28, 1, 8),
    IQ1_M(29, 256, 56),
    BF16(30, 1, 2),
    TQ1_0(34, 256, 54),
    TQ2_0(35, 256, 66),
    MXFP4(39, 32, 17),
    NVFP4(40, 64, 36);

    private static final GgmlType[] BY_ID = new GgmlType[64];

    static {
        for (GgmlType type : values()) {
            BY_ID[type.id] = type;
        }
    }

    private final int id;
    private final int blockSize;
    private final int typeSize;

    GgmlType(int id, int blockSize, int typeSize) {
        this.id = id;
        this.blockSize = blockSize;
        this.typeSize = typeSize;
    }

    /** The type's id in GGUF tensor infos. */
    public int id() {
        return id;
    }

    /** Elements per block. */
    public int blockSize() {
        return blockSize;
    }

    /** Bytes per block. */
    public int typeSize() {
        return typeSize;
    }

    /** The type with this id, or empty if ggml defines none (ids 4 and 5 were removed formats). */
    public static Optional<GgmlType> byId(long id) {
        return id >= 0 && id < BY_ID.length ? Optional.ofNullable(BY_ID[(int) id]) : Optional.empty();
    }

    /**
     * Bytes taken by {@code elements} consecutive elements, which must be a whole number of blocks.
     *
     * @throws IllegalArgumentException if {@code elements} is not a multiple of the block size
     */
    public long byteSize(long elements) {
        if (elements % blockSize != 0) {
            throw new IllegalArgumentException(
                    "%d elements are not a whole number of %s blocks of %d".formatted(elements, this, blockSize));
        }
        return Math.multiplyExact(elements / blockSize, (long) typeSize);
    }

    /** Bits per weight including block metadata. */
    public double bitsPerWeight() {
        return 8.0 * typeSize / blockSize;
    }

    /** The lower-case name ggml prints, as in {@code q4_K}. */
    public String ggmlName() {
        String name = name();
        return name.endsWith("_K") ? name.substring(0, name.length() - 2).toLowerCase() + "_K" : name.toLowerCase();
    }

    static String names(GgmlType... types) {
        return String.join(", ", Arrays.stream(types).map(GgmlType::name).toList());
    }
}
