package dev.nemotron.runtime.weights;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The registry of weight formats: adding a format is adding its class and one line here.
 */
public final class WeightFormats {

    private static final Map<GgmlType, WeightFormat> FORMATS = new EnumMap<>(GgmlType.class);

    static {
        register(F32Format.INSTANCE);
        register(F16Format.INSTANCE);
        register(BF16Format.INSTANCE);
        register(Q8_0Format.INSTANCE);
        register(Q4_0Format.INSTANCE);
        register(Q4_1Format.INSTANCE);
        register(Q5_0Format.INSTANCE);
        register(Q5_1Format.INSTANCE);
        register(IQ4_NLFormat.INSTANCE);
        register(MXFP4Format.INSTANCE);
        register(Q2_KFormat.INSTANCE);
        register(Q3_KFormat.INSTANCE);
        register(Q4_KFormat.INSTANCE);
        register(Q5_KFormat.INSTANCE);
        register(Q6_KFormat.INSTANCE);
        register(IQ4_XSFormat.INSTANCE);
    }

    private WeightFormats() {
    }

    private static void register(WeightFormat format) {
        FORMATS.put(format.type(), format);
    }

    /** The format of {@code type}, if supported. */
    public static Optional<WeightFormat> find(GgmlType type) {
        return Optional.ofNullable(FORMATS.get(type));
    }

    /**
     * The format of {@code type}.
     *
     * @throws UnsupportedWeightTypeException naming the supported types if there is none
     */
    public static WeightFormat of(GgmlType type) {
        WeightFormat format = FORMATS.get(type);
        if (format == null) {
            throw new UnsupportedWeightTypeException(type, supportedNames());
        }
        return format;
    }

    /**
     * Whether {@link WeightFormat#dot} runs the Vector API kernels; without the {@code jdk.incubator.vector}
     * module (or with {@code -Dnemotron.vector=false}) it runs the scalar references.
     */
    public static boolean vectorKernels() {
        return VectorSupport.AVAILABLE;
    }

    /** The supported types, comma-separated, in ggml id order. */
    public static String supportedNames() {
        return FORMATS.keySet().stream().map(GgmlType::name).collect(Collectors.joining(", "));
    }
}
