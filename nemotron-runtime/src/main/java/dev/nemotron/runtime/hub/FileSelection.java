package dev.nemotron.runtime.hub;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.nemotron.runtime.hub.HubException.Reason;

/**
 * Which files of a repository make up the model: the GGUF of the wanted weight type (all parts of a split set),
 * or an MLX directory's config, safetensors shards, index and tokenizer files.
 *
 * @param format the format chosen
 * @param files  the repository paths to fetch
 * @param entry  the path the engine opens: the GGUF file (the first part of a split set), or "" for the MLX
 *               snapshot directory itself
 */
record FileSelection(ModelFormat format, List<String> files, String entry) {

    private static final Pattern SPLIT = Pattern.compile("(.+)-(\\d{5})-of-(\\d{5})\\.gguf");
    /** The MLX (and transformers) index that maps each tensor to its safetensors shard. */
    static final String MLX_INDEX = "model.safetensors.index.json";

    private static final List<String> MLX_EXACT = List.of("config.json", MLX_INDEX,
            "special_tokens_map.json", "chat_template.jinja");

    /**
     * Picks the files of {@code request} among {@code paths}.
     *
     * @throws HubException NOT_FOUND when nothing matches, AMBIGUOUS when several GGUF models do, BAD_RESPONSE
     *                      for an incomplete split set
     */
    static FileSelection select(ModelRequest request, List<String> paths) {
        ModelFormat format = request.format() != null ? request.format() : detect(request, paths);
        return format == ModelFormat.MLX ? mlx(request, paths) : gguf(request, paths);
    }

    private static ModelFormat detect(ModelRequest request, List<String> paths) {
        if (request.file() != null || !ggufModels(paths).isEmpty()) {
            return ModelFormat.GGUF;
        }
        if (paths.contains("config.json") && paths.stream().anyMatch(p -> p.endsWith(".safetensors"))) {
            return ModelFormat.MLX;
        }
        throw new HubException(Reason.NOT_FOUND, ("%s holds neither a GGUF file nor an MLX model (config.json and "
                + "safetensors); files there: %s").formatted(request.label(), preview(paths)));
    }

    private static FileSelection gguf(ModelRequest request, List<String> paths) {
        Map<String, List<String>> models = ggufModels(paths);
        List<List<String>> candidates;
        if (request.file() != null) {
            candidates = models.values().stream().filter(parts -> parts.contains(request.file())).toList();
            if (candidates.isEmpty()) {
                throw new HubException(Reason.NOT_FOUND, "%s has no GGUF file %s; GGUF files there: %s"
                        .formatted(request.label(), request.file(), preview(List.copyOf(models.keySet()))));
            }
        } else if (request.weightType() != null) {
            candidates = matching(models, request.weightType(), "(?![A-Za-z0-9_])");
            if (candidates.isEmpty()) {
                candidates = matching(models, request.weightType(), "(?![A-Za-z0-9])");
            }
        } else {
            candidates = List.copyOf(models.values());
        }
        if (candidates.isEmpty()) {
            throw new HubException(Reason.NOT_FOUND, "%s has no GGUF file%s; GGUF files there: %s".formatted(
                    request.label(), request.weightType() == null ? "" : " of weight type " + request.weightType(),
                    preview(List.copyOf(models.keySet()))));
        }
        if (candidates.size() > 1) {
            throw new HubException(Reason.AMBIGUOUS, ("%s holds several GGUF models (%s); name one as "
                    + "hf://%s/FILE").formatted(request.label(), preview(candidates.stream().map(List::getFirst)
                    .toList()), request.repository()));
        }
        List<String> parts = candidates.getFirst();
        requireComplete(request, parts);
        return new FileSelection(ModelFormat.GGUF, parts, parts.getFirst());
    }

    private static FileSelection mlx(ModelRequest request, List<String> paths) {
        List<String> files = paths.stream().filter(p -> !p.contains("/")).filter(FileSelection::isMlxFile).sorted()
                .toList();
        if (!files.contains("config.json") || files.stream().noneMatch(p -> p.endsWith(".safetensors"))) {
            throw new HubException(Reason.NOT_FOUND, ("%s is not an MLX model: it needs config.json and safetensors "
                    + "weights at its top level; files there: %s").formatted(request.label(), preview(paths)));
        }
        return new FileSelection(ModelFormat.MLX, files, "");
    }

    private static boolean isMlxFile(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return MLX_EXACT.contains(lower) || lower.endsWith(".safetensors")
                || (lower.startsWith("tokenizer") && lower.endsWith(".json"));
    }

    /** GGUF models by their first file: a single file, or all parts of a split set in order. */
    private static Map<String, List<String>> ggufModels(List<String> paths) {
        Map<String, List<String>> sets = new LinkedHashMap<>();
        for (String path : paths.stream().sorted().toList()) {
            String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
            if (!name.endsWith(".gguf") || name.contains("mmproj")) {
                continue;
            }
            Matcher split = SPLIT.matcher(path);
            String key = split.matches() ? split.group(1) + "-of-" + split.group(3) : path;
            sets.computeIfAbsent(key, k -> new ArrayList<>()).add(path);
        }
        Map<String, List<String>> byFirst = new LinkedHashMap<>();
        sets.values().forEach(parts -> {
            parts.sort(Comparator.naturalOrder());
            byFirst.put(parts.getFirst(), List.copyOf(parts));
        });
        return byFirst;
    }

    private static List<List<String>> matching(Map<String, List<String>> models, String weightType,
                                               String rightBoundary) {
        Pattern token = Pattern.compile("(?i)(?<![A-Za-z0-9])" + Pattern.quote(weightType) + rightBoundary);
        return models.values().stream()
                .filter(parts -> token.matcher(parts.getFirst().substring(parts.getFirst().lastIndexOf('/') + 1))
                        .find())
                .toList();
    }

    private static void requireComplete(ModelRequest request, List<String> parts) {
        Matcher first = SPLIT.matcher(parts.getFirst());
        if (!first.matches()) {
            return;
        }
        int count = Integer.parseInt(first.group(3));
        for (int index = 1; index <= count; index++) {
            String expected = "%s-%05d-of-%s.gguf".formatted(first.group(1), index, first.group(3));
            if (!parts.contains(expected)) {
                throw new HubException(Reason.BAD_RESPONSE, "%s lists the split GGUF %s without part %d of %d (%s)"
                        .formatted(request.label(), parts.getFirst(), index, count, expected));
            }
        }
    }

    private static String preview(List<String> paths) {
        if (paths.isEmpty()) {
            return "none";
        }
        int shown = Math.min(paths.size(), 12);
        return String.join(", ", paths.subList(0, shown)) + (paths.size() > shown ? ", …" : "");
    }
}
