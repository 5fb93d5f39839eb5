package dev.nemotron.runtime.mlx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The safetensors files of a checkpoint directory as one set of tensors: the shards that
 * {@code model.safetensors.index.json} names (each tensor of its {@code weight_map} checked to be in its shard), or
 * every {@code model*.safetensors} as mlx-lm globs them when there is no index. A tensor name may occur once.
 */
final class SafetensorsShards implements AutoCloseable {

    /** The index mlx-lm writes for sharded and single-file checkpoints alike. */
    static final String INDEX = "model.safetensors.index.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<SafetensorsFile> files;
    private final Map<String, SafetensorsTensor> tensors;

    private SafetensorsShards(List<SafetensorsFile> files) {
        this.files = files;
        Map<String, SafetensorsTensor> all = new LinkedHashMap<>();
        for (SafetensorsFile f : files) {
            for (SafetensorsTensor t : f.tensors().values()) {
                SafetensorsTensor before = all.put(t.name(), t);
                if (before != null) {
                    throw new MlxFormatException(f.path(), "tensor %s is also in %s"
                            .formatted(t.name(), before.file().getFileName()));
                }
            }
        }
        this.tensors = Collections.unmodifiableMap(all);
    }

    /**
     * Maps the shards of {@code directory}.
     *
     * @throws MlxFormatException naming the index or shard for a missing file, a bad entry or a lying header
     */
    static SafetensorsShards open(Path directory) {
        List<SafetensorsFile> files = new ArrayList<>();
        try {
            Map<String, String> weightMap = weightMap(directory);
            for (String name : shardNames(directory, weightMap)) {
                files.add(SafetensorsFile.open(directory.resolve(name)));
            }
            SafetensorsShards shards = new SafetensorsShards(List.copyOf(files));
            shards.checkIndex(directory, weightMap);
            return shards;
        } catch (RuntimeException e) {
            files.forEach(SafetensorsFile::close);
            throw e;
        }
    }

    /** The index's {@code weight_map} (tensor → shard file), empty without an index. */
    private static Map<String, String> weightMap(Path directory) {
        Path index = directory.resolve(INDEX);
        if (!Files.isRegularFile(index)) {
            return Map.of();
        }
        JsonNode map;
        try {
            map = JSON.readTree(index.toFile()).path("weight_map");
        } catch (JacksonException e) {
            throw new MlxFormatException(index, "not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (!map.isObject()) {
            throw new MlxFormatException(index, "has no weight_map object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            String file = e.getValue().asString("");
            if (!file.endsWith(".safetensors") || file.contains("/") || file.contains("\\") || file.startsWith(".")) {
                throw new MlxFormatException(index, "weight_map.%s = %s is not a safetensors file of this directory"
                        .formatted(e.getKey(), e.getValue()));
            }
            out.put(e.getKey(), file);
        }
        return out;
    }

    /** The shards the index names, or every {@code model*.safetensors} without one. */
    private static List<String> shardNames(Path directory, Map<String, String> weightMap) {
        Set<String> names = new LinkedHashSet<>(weightMap.values());
        if (names.isEmpty()) {
            try (Stream<Path> list = Files.list(directory)) {
                list.map(p -> p.getFileName().toString())
                        .filter(n -> n.startsWith("model") && n.endsWith(".safetensors")).sorted().forEach(names::add);
            } catch (IOException e) {
                throw new MlxFormatException(directory, "cannot be listed: " + e.getMessage(), e);
            }
        }
        if (names.isEmpty()) {
            throw new MlxFormatException(directory, "no model*.safetensors files");
        }
        for (String name : names) {
            if (!Files.isRegularFile(directory.resolve(name))) {
                throw new MlxFormatException(directory.resolve(INDEX), "shard %s is missing".formatted(name));
            }
        }
        return List.copyOf(names);
    }

    /** Every tensor the index lists must be in the shard it names. */
    private void checkIndex(Path directory, Map<String, String> weightMap) {
        for (Map.Entry<String, String> e : weightMap.entrySet()) {
            SafetensorsTensor t = tensors.get(e.getKey());
            if (t == null || !t.file().getFileName().toString().equals(e.getValue())) {
                throw new MlxFormatException(directory.resolve(e.getValue()), "tensor %s, listed in %s, is not in it"
                        .formatted(e.getKey(), INDEX));
            }
        }
    }

    /** Every tensor of every shard, by name. */
    Map<String, SafetensorsTensor> tensors() {
        return tensors;
    }

    long mappedBytes() {
        return files.stream().mapToLong(SafetensorsFile::mappedSize).sum();
    }

    @Override
    public void close() {
        files.forEach(SafetensorsFile::close);
    }
}
