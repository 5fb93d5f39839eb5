package dev.nemotron.runtime.mlx;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;

/**
 * The {@code quantization} block of an mlx-lm {@code config.json}: a global {@code group_size} / {@code bits} /
 * {@code mode}, and per-module overrides keyed by module path (no {@code .weight}) whose value is either such an
 * object or {@code false} for "not quantized".
 *
 * <p>A module resolves as mlx-lm's loader resolves it: its own entry if it has one; otherwise the global block if
 * the checkpoint holds {@code <module>.scales}; otherwise it is not quantized.
 */
public final class Quantization {

    /** The quantization modes, with mlx-lm's default group size and bits. */
    public enum Mode {
        /** {@code w = scale·q + bias} per group, unsigned codes of 2 to 8 bits in a little-endian bit stream. */
        AFFINE("affine", 64, 4),
        /** E2M1 codes with one E8M0 power-of-two scale per 32 values, no biases. */
        MXFP4("mxfp4", 32, 4);

        private final String id;
        private final int defaultGroupSize;
        private final int defaultBits;

        Mode(String id, int defaultGroupSize, int defaultBits) {
            this.id = id;
            this.defaultGroupSize = defaultGroupSize;
            this.defaultBits = defaultBits;
        }

        /** The name in {@code config.json}. */
        public String id() {
            return id;
        }

        static Optional<Mode> find(String id) {
            return List.of(values()).stream().filter(m -> m.id.equals(id)).findFirst();
        }
    }

    /** Affine bit widths mlx-lm writes. */
    public static final List<Integer> AFFINE_BITS = List.of(2, 3, 4, 5, 6, 8);
    /** Affine group sizes mlx-lm writes. */
    public static final List<Integer> AFFINE_GROUP_SIZES = List.of(32, 64, 128);

    /**
     * How one module is quantized.
     *
     * @param mode      affine or mxfp4
     * @param bits      bits per code
     * @param groupSize values per scale
     */
    public record Spec(Mode mode, int bits, int groupSize) {

        /** Affine at {@code bits} with groups of {@code groupSize}. */
        public static Spec affine(int bits, int groupSize) {
            return new Spec(Mode.AFFINE, bits, groupSize);
        }

        /** mxfp4: 4-bit codes, groups of 32. */
        public static Spec mxfp4() {
            return new Spec(Mode.MXFP4, 4, 32);
        }

        /** The type name shown in logs and {@code info}: {@code affine-4/64}, {@code mxfp4}. */
        public String typeName() {
            return mode == Mode.MXFP4 ? "mxfp4" : "affine-%d/%d".formatted(bits, groupSize);
        }
    }

    private final Path file;
    private final @Nullable Spec global;
    private final Map<String, Optional<Spec>> overrides;

    private Quantization(Path file, @Nullable Spec global, Map<String, Optional<Spec>> overrides) {
        this.file = file;
        this.global = global;
        this.overrides = overrides;
    }

    /** A checkpoint without quantization. */
    static Quantization none(Path file) {
        return new Quantization(file, null, Map.of());
    }

    /**
     * Reads {@code quantization} (or, when absent, {@code quantization_config}) of a {@code config.json}.
     *
     * @throws MlxFormatException naming the file and key for a mode or parameter this engine does not run
     */
    static Quantization read(Path file, JsonNode config) {
        JsonNode block = config.get("quantization");
        String key = "quantization";
        if (block == null || block.isNull()) {
            block = config.get("quantization_config");
            key = "quantization_config";
        }
        if (block == null || block.isNull()) {
            return none(file);
        }
        if (!block.isObject()) {
            throw new MlxFormatException(file, key + " is not a JSON object");
        }
        Spec global = block.has("bits") || block.has("group_size") || block.has("mode") || block.has("quant_method")
                ? spec(file, key, block) : null;
        Map<String, Optional<Spec>> overrides = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : block.properties()) {
            JsonNode value = e.getValue();
            if (value.isBoolean() && !value.booleanValue()) {
                overrides.put(e.getKey(), Optional.empty());
            } else if (value.isObject()) {
                overrides.put(e.getKey(), Optional.of(spec(file, key + "." + e.getKey(), value)));
            }
        }
        return new Quantization(file, global, overrides);
    }

    private static Spec spec(Path file, String key, JsonNode node) {
        String modeName = node.path("mode").asString("affine");
        if (node.path("quant_method").asString("").equals("mxfp4")) {
            modeName = "mxfp4";
        }
        String name = modeName;
        Mode mode = Mode.find(name).orElseThrow(() -> new MlxFormatException(file, "%s.mode = %s is not supported; "
                .formatted(key, name) + "supported modes: affine, mxfp4"));
        int bits = node.path("bits").asInt(mode.defaultBits);
        int groupSize = node.path("group_size").asInt(mode.defaultGroupSize);
        if (mode == Mode.AFFINE && (!AFFINE_BITS.contains(bits) || !AFFINE_GROUP_SIZES.contains(groupSize))) {
            throw new MlxFormatException(file, "%s: affine with %d bits and group size %d is not supported; bits %s, "
                    .formatted(key, bits, groupSize, AFFINE_BITS) + "group sizes " + AFFINE_GROUP_SIZES);
        }
        if (mode == Mode.MXFP4 && (bits != 4 || groupSize != 32)) {
            throw new MlxFormatException(file, "%s: mxfp4 takes 4 bits and group size 32, not %d and %d"
                    .formatted(key, bits, groupSize));
        }
        return new Spec(mode, bits, groupSize);
    }

    /**
     * How a module is stored.
     *
     * @param hasScales whether the checkpoint holds {@code <module>.scales}
     * @param paths     the module's path, then any other spelling an entry may use (without the Omni prefix)
     * @return empty when the module is a plain float tensor
     * @throws MlxFormatException if it has scales but neither an entry nor a global block says how to read them
     */
    public Optional<Spec> resolve(boolean hasScales, String... paths) {
        for (String path : paths) {
            Optional<Spec> own = overrides.get(path);
            if (own != null) {
                return own;
            }
        }
        if (!hasScales) {
            return Optional.empty();
        }
        if (global == null) {
            throw new MlxFormatException(file, "module %s has scales but config.json has no quantization for it"
                    .formatted(paths[0]));
        }
        return Optional.of(global);
    }

    /** The global block, if any. */
    public Optional<Spec> global() {
        return Optional.ofNullable(global);
    }
}
