package dev.nemotron.spring.ai.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.StringUtils;

import dev.nemotron.runtime.kv.KvCodecs;
import dev.nemotron.spring.ai.EngineSettings;
import dev.nemotron.spring.ai.VariantResolver;

/**
 * Checks the {@code spring.ai.nemotron.*} properties and turns them into {@link EngineSettings}, failing with a
 * {@link NemotronConfigurationException} that names the property and the allowed values.
 */
final class EngineSettingsResolver {

    /** Bit widths of the codecs that have a choice. */
    static final Map<String, List<Double>> KV_CODEC_BITS = Map.of("turboquant", List.of(2.0, 2.5, 3.0, 3.5, 4.0),
            "rotorquant", List.of(3.0, 4.0), "rotorquant-planar", List.of(3.0, 4.0), "rotorquant-iso",
            List.of(3.0, 4.0));

    static final String MODEL_FILES = "Nemotron-3-Nano model files are on Hugging Face, for example "
            + "https://huggingface.co/majentik/nemotron3-nano-omni-30b-rotorquant-gguf-Q4_K_M (GGUF, about 33 GB); "
            + "the model card's family table lists every GGUF and MLX variant.";

    private static final String PREFIX = NemotronProperties.CONFIG_PREFIX + ".";

    private static final String MODEL = PREFIX + "model";

    private static final String MODEL_FORMS = "Set " + MODEL + " to a GGUF file or an MLX model directory "
            + "(config.json with *.safetensors), as a plain path, a file: URI or a classpath: location.";

    // A URI scheme of two letters or more; a single letter before the colon is a Windows drive.
    private static final Pattern URI_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]+:");

    private static final byte[] GGUF_MAGIC = "GGUF".getBytes(StandardCharsets.US_ASCII);

    private final ResourceLoader resourceLoader;

    private final VariantResolver variantResolver;

    EngineSettingsResolver(ResourceLoader resourceLoader, VariantResolver variantResolver) {
        this.resourceLoader = resourceLoader;
        this.variantResolver = variantResolver;
    }

    EngineSettings resolve(NemotronProperties properties) {
        VariantResolver.Resolution model = model(properties);
        NemotronProperties.KvCache kvCache = properties.getKvCache();
        String codec = kvCache.getCodec() != null ? codec("kv-cache.codec", kvCache.getCodec())
                : Objects.requireNonNullElse(model.kvCodec(), KvCodecs.DEFAULT_ID);
        String keyCodec = kvCache.getKeyCodec() != null ? codec("kv-cache.key-codec", kvCache.getKeyCodec()) : codec;
        String valueCodec = kvCache.getValueCodec() != null ? codec("kv-cache.value-codec", kvCache.getValueCodec())
                : codec;
        checkBits(kvCache.getBits(), keyCodec, valueCodec);
        positive("context-length", properties.getContextLength());
        positive("threads", properties.getThreads());
        return new EngineSettings(model.model(), keyCodec, valueCodec, kvCache.getBits(),
                properties.getContextLength(), properties.getThreads());
    }

    private VariantResolver.Resolution model(NemotronProperties properties) {
        String location = properties.getModel();
        if (StringUtils.hasText(location)) {
            return VariantResolver.Resolution.of(checkModel(path(location.strip()), MODEL, location));
        }
        String variant = properties.getVariant();
        if (StringUtils.hasText(variant)) {
            VariantResolver.Resolution resolution = resolveVariant(variant.strip());
            return new VariantResolver.Resolution(checkModel(resolution.model(), PREFIX + "variant", variant),
                    resolution.kvCodec());
        }
        throw new NemotronConfigurationException(MODEL, null,
                "no Nemotron model is configured (neither " + MODEL + " nor " + PREFIX + "variant is set).",
                MODEL_FORMS + " For example: java -jar app.jar --" + MODEL + "=/models/nemotron3-nano-Q4_K_M.gguf, "
                        + "or --" + PREFIX + "variant=rotorquant-gguf-q4_k_m to download a variant. " + MODEL_FILES);
    }

    private VariantResolver.Resolution resolveVariant(String variant) {
        try {
            return this.variantResolver.resolve(variant);
        }
        catch (RuntimeException ex) {
            throw new NemotronConfigurationException(PREFIX + "variant", variant, ex.getMessage(),
                    "Set " + PREFIX + "variant to a variant id of the family (bin/nemotron variants lists them), or "
                            + MODEL + " to the model's files.",
                    ex);
        }
    }

    private Path path(String location) {
        if (location.startsWith("classpath:") || location.startsWith("file:")) {
            return resourcePath(this.resourceLoader.getResource(location), location);
        }
        if (URI_SCHEME.matcher(location).find()) {
            throw new NemotronConfigurationException(MODEL, location, "this kind of location is not supported.",
                    MODEL_FORMS);
        }
        try {
            return Path.of(location);
        }
        catch (InvalidPathException ex) {
            throw new NemotronConfigurationException(MODEL, location, "not a valid path: " + ex.getMessage(),
                    MODEL_FORMS, ex);
        }
    }

    private static Path resourcePath(Resource resource, String location) {
        if (!resource.exists()) {
            throw missing(MODEL, location);
        }
        if (!resource.isFile()) {
            throw new NemotronConfigurationException(MODEL, location, "the model is inside an archive, but models "
                    + "are memory-mapped and must be files on disk.", MODEL_FORMS);
        }
        try {
            return resource.getFile().toPath();
        }
        catch (IOException ex) {
            throw new NemotronConfigurationException(MODEL, location, "cannot be read: " + ex.getMessage(),
                    MODEL_FORMS, ex);
        }
    }

    private static Path checkModel(Path path, String property, String value) {
        if (!Files.exists(path)) {
            throw missing(property, value);
        }
        if (Files.isDirectory(path)) {
            if (!isMlxDirectory(path)) {
                throw new NemotronConfigurationException(property, value,
                        "this directory is not an MLX model: it lacks config.json or *.safetensors weights.",
                        MODEL_FORMS);
            }
            return path;
        }
        if (!startsWithGgufMagic(path, property, value)) {
            throw new NemotronConfigurationException(property, value,
                    "this file is not a GGUF file (it does not start with the GGUF magic).", MODEL_FORMS);
        }
        return path;
    }

    private static NemotronConfigurationException missing(String property, String value) {
        return new NemotronConfigurationException(property, value, "no file or directory exists there.",
                MODEL_FORMS + " " + MODEL_FILES);
    }

    private static boolean isMlxDirectory(Path directory) {
        if (!Files.isRegularFile(directory.resolve("config.json"))) {
            return false;
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.anyMatch(file -> file.getFileName().toString().endsWith(".safetensors"));
        }
        catch (IOException ex) {
            return false;
        }
    }

    private static boolean startsWithGgufMagic(Path file, String property, String value) {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(GGUF_MAGIC.length), GGUF_MAGIC);
        }
        catch (IOException ex) {
            throw new NemotronConfigurationException(property, value, "cannot be read: " + ex.getMessage(),
                    MODEL_FORMS, ex);
        }
    }

    private static String codec(String property, String value) {
        String id = value.strip().toLowerCase(Locale.ROOT);
        if (!KvCodecs.IDS.contains(id)) {
            throw new NemotronConfigurationException(PREFIX + property, value, "not a KV codec.",
                    "Set " + PREFIX + property + " to one of: " + String.join(", ", KvCodecs.IDS) + ".");
        }
        return id;
    }

    private static void checkBits(@Nullable Double bits, String keyCodec, String valueCodec) {
        if (bits == null) {
            return;
        }
        List<String> codecs = Stream.of(keyCodec, valueCodec).distinct().filter(KV_CODEC_BITS::containsKey).toList();
        if (codecs.isEmpty()) {
            throw new NemotronConfigurationException(PREFIX + "kv-cache.bits", bits,
                    "only the turboquant and rotorquant codecs take a bit width, and the KV cache uses " + keyCodec
                            + " keys and " + valueCodec + " values.",
                    "Remove " + PREFIX + "kv-cache.bits, or choose turboquant or rotorquant as the codec.");
        }
        for (String codec : codecs) {
            if (!KV_CODEC_BITS.get(codec).contains(bits)) {
                throw new NemotronConfigurationException(PREFIX + "kv-cache.bits", bits,
                        codec + " has no such bit width.", "Set " + PREFIX + "kv-cache.bits to one of: "
                                + bitWidths(codec) + " (for " + codec + ").");
            }
        }
    }

    private static String bitWidths(String codec) {
        return String.join(", ", KV_CODEC_BITS.get(codec).stream()
            .map(b -> b % 1 == 0 ? String.valueOf(b.intValue()) : String.valueOf(b))
            .toList());
    }

    private static void positive(String property, @Nullable Integer value) {
        if (value != null && value <= 0) {
            throw new NemotronConfigurationException(PREFIX + property, value, "must be a positive number.",
                    "Set " + PREFIX + property + " to a number of 1 or more, or leave it unset for the default.");
        }
    }
}
