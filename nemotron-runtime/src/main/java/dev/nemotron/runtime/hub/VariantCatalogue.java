package dev.nemotron.runtime.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The variants of the model family, read from {@code variants.json} beside this class (the model card's family
 * table); {@code docs/variants.md} is generated from the same file by {@link VariantsMarkdown}.
 *
 * <p>A variant is found by its id, its card name or either spelling of its repository (the card writes
 * {@code majentik/Nemotron-3-Nano-Omni-30B-A3B-Reasoning-…} in its text and
 * {@code majentik/nemotron3-nano-omni-30b-…} in its table), all case-insensitively.
 */
public final class VariantCatalogue {

    private static final String RESOURCE = "variants.json";
    private static final int SUGGESTIONS = 3;

    private static @Nullable VariantCatalogue bundled;

    private final List<Variant> variants;
    private final List<Alias> aliases;
    private final Map<String, Variant> byKey = new LinkedHashMap<>();

    private VariantCatalogue(List<Variant> variants, List<Alias> aliases) {
        this.variants = List.copyOf(variants);
        this.aliases = List.copyOf(aliases);
        for (Variant variant : variants) {
            byKey.put(key(variant.id()), variant);
            byKey.putIfAbsent(key(variant.repository()), variant);
        }
    }

    /** The catalogue shipped with the runtime. */
    public static synchronized VariantCatalogue bundled() {
        if (bundled == null) {
            try (InputStream in = VariantCatalogue.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the classpath");
                }
                bundled = read(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
        }
        return bundled;
    }

    /** Reads a catalogue in the format of {@code variants.json}. */
    static VariantCatalogue read(InputStream in) {
        try {
            CatalogueFile file = JsonMapper.builder().build().readValue(in, CatalogueFile.class);
            return new VariantCatalogue(file.variants().stream().map(Entry::toVariant).toList(),
                    file.repositoryAliases());
        } catch (JacksonException e) {
            throw new IllegalStateException("malformed " + RESOURCE + ": " + e.getOriginalMessage(), e);
        }
    }

    /** All variants in the order of the card's table. */
    public List<Variant> variants() {
        return variants;
    }

    /** The variant with this id, card name or repository (either spelling), ignoring case. */
    public Optional<Variant> find(String idOrRepository) {
        return Optional.ofNullable(byKey.get(key(idOrRepository)));
    }

    /**
     * The variant with this id, card name or repository.
     *
     * @throws HubException {@link HubException.Reason#UNKNOWN_VARIANT} naming the closest ids
     */
    public Variant require(String idOrRepository) {
        return find(idOrRepository).orElseThrow(() -> new HubException(HubException.Reason.UNKNOWN_VARIANT,
                "unknown variant '%s'; closest ids: %s (bin/nemotron variants lists all %d; an hf://owner/repo URI "
                        .formatted(idOrRepository, String.join(", ", closestIds(idOrRepository)), variants.size())
                        + "names any other repository)"));
    }

    /**
     * The variant with this id if the engine can run it.
     *
     * @throws HubException {@link HubException.Reason#NOT_LOADABLE} for the projector and the KV-cache root cards
     */
    public Variant requireLoadable(String idOrRepository) {
        Variant variant = require(idOrRepository);
        if (variant.role().loadable()) {
            return variant;
        }
        throw new HubException(HubException.Reason.NOT_LOADABLE, notLoadableMessage(variant));
    }

    /** The ids nearest to {@code wanted} by edit distance, nearest first. */
    public List<String> closestIds(String wanted) {
        String target = wanted.toLowerCase(Locale.ROOT);
        return variants.stream()
                .map(Variant::id)
                .sorted(Comparator.comparingInt((String id) -> editDistance(target, id)).thenComparing(id -> id))
                .limit(SUGGESTIONS)
                .toList();
    }

    private String notLoadableMessage(Variant variant) {
        if (variant.role() == VariantRole.KV_ROOT) {
            String example = variants.stream()
                    .filter(v -> v.role().loadable() && v.kvCodec().equals(variant.kvCodec()))
                    .map(Variant::id)
                    .findFirst()
                    .orElse("a weight variant");
            return ("variant '%s' is the %s KV-cache root card: it documents a runtime KV-cache modifier and publishes "
                    + "no weights; load a weight variant that pairs with it, such as %s, or set kv-cache.codec=%s with "
                    + "any weight variant").formatted(variant.id(), variant.cardName(), example, variant.kvCodec());
        }
        return ("variant '%s' is the multimodal projector (image and audio encoders for llama-mtmd-cli), not a chat "
                + "model; this engine runs the text model: load a GGUF or MLX variant such as %s")
                .formatted(variant.id(), variants.stream().filter(v -> v.role().loadable()).findFirst()
                        .map(Variant::id).orElse("another variant"));
    }

    private String key(String idOrRepository) {
        String lower = idOrRepository.strip().toLowerCase(Locale.ROOT);
        for (Alias alias : aliases) {
            String prefix = alias.prefix().toLowerCase(Locale.ROOT);
            if (lower.startsWith(prefix)) {
                return alias.canonical().toLowerCase(Locale.ROOT) + lower.substring(prefix.length());
            }
        }
        return lower;
    }

    /** Levenshtein distance: insertions, deletions and substitutions each cost one. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** A second spelling of repository names: {@code prefix} means the same as {@code canonical}. */
    record Alias(String prefix, String canonical) {
    }

    record CatalogueFile(List<Alias> repositoryAliases, List<Entry> variants) {
    }

    record Entry(String id, String card, String repository, @Nullable String weights, String format,
                 String weightType, String size, String kvCodec, String role, String useCase) {

        Variant toVariant() {
            return new Variant(id, card, repository, weights, ModelFormat.valueOf(format.toUpperCase(Locale.ROOT)),
                    weightType, size, kvCodec, VariantRole.ofKey(role), useCase);
        }
    }
}
