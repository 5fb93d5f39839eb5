package dev.nemotron.runtime.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import dev.nemotron.runtime.gguf.GgufFile;
import dev.nemotron.runtime.gguf.GgufTensorInfo;
import dev.nemotron.runtime.kv.KvCache;
import dev.nemotron.runtime.kv.KvCodec;
import dev.nemotron.runtime.kv.KvCodecs;
import dev.nemotron.runtime.mlx.MlxCheckpoint;
import dev.nemotron.runtime.mlx.SafetensorsTensor;
import dev.nemotron.runtime.model.LayerKind;
import dev.nemotron.runtime.model.LoadOptions;
import dev.nemotron.runtime.model.NemotronConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/** {@code info}: what a GGUF model file or MLX checkpoint directory holds, without running it. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Describe a model: architecture, layer pattern, parameters, tensor types, mapped size, "
                + "KV cache size.")
final class InfoCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelFile model;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Mixin
    KvOptions kv;

    @Option(names = "--context", paramLabel = "N",
            description = "Tokens the KV cache size is given for (default: the model's context length).")
    @Nullable Long context;

    @Override
    public void run() {
        if (Files.isDirectory(model.path)) {
            try (MlxCheckpoint checkpoint = MlxCheckpoint.open(model.path)) {
                Map<String, Object> info = describe(checkpoint);
                info.put("kv_cache", kvCache(checkpoint.config()));
                print(info, checkpoint.tensors().values().stream().map(t -> "  %-56s %-12s %-5s %s"
                        .formatted(t.name(), checkpoint.storageName(t), t.dtype(), t.shapeString())).toList());
            }
            return;
        }
        try (GgufFile file = GgufFile.open(model.path)) {
            NemotronConfig config = NemotronConfig.from(file.metadata());
            Map<String, Object> info = describe(file, config);
            info.put("kv_cache", kvCache(config));
            print(info, file.tensors().values().stream()
                    .map(t -> "  %-32s %-6s %s".formatted(t.name(), t.type(), t.shapeString())).toList());
        }
    }

    private void print(Map<String, Object> info, List<String> tensorLines) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(info));
        } else {
            info.forEach((key, value) -> {
                if (!key.equals("tensors")) {
                    out.printf("%-16s %s%n", key + ":", value);
                }
            });
            out.println("tensors:");
            tensorLines.forEach(out::println);
        }
        out.flush();
    }

    private static Map<String, Object> describe(GgufFile file, NemotronConfig c) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("file", file.path().toString());
        info.put("gguf_version", file.version());
        info.put("name", file.metadata().getString("general.name", ""));
        long parameters = file.tensors().values().stream().mapToLong(GgufTensorInfo::elements).sum();
        geometry(info, c, parameters, file.findTensor("token_embd.weight").map(t -> t.dim(1)).orElse(0L));
        info.put("tied_output", file.findTensor("output.weight").isEmpty());
        Map<String, Integer> types = new TreeMap<>();
        file.tensors().values().forEach(t -> types.merge(t.type().name(), 1, Integer::sum));
        info.put("tensor_types", types);
        info.put("bits_per_weight", bitsPerWeight(
                file.tensors().values().stream().mapToLong(GgufTensorInfo::byteSize).sum(), parameters));
        info.put("mapped_bytes", file.mappedSize());
        info.put("tensors", file.tensors().values().stream().map(t -> ordered("name", t.name(), "type",
                t.type().name(), "shape", t.shape(), "bytes", t.byteSize())).toList());
        return info;
    }

    private static Map<String, Object> describe(MlxCheckpoint checkpoint) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("file", checkpoint.path().toString());
        info.put("format", "mlx");
        long parameters = checkpoint.parameterCount();
        geometry(info, checkpoint.config(), parameters, checkpoint.rows("token_embd.weight"));
        info.put("tied_output", checkpoint.mlxConfig().tiedOutput() || !checkpoint.has("output.weight"));
        info.put("quantization", checkpoint.mlxConfig().quantization().global()
                .map(s -> (Object) s.typeName()).orElse("none"));
        info.put("tensor_types", checkpoint.weightTypes());
        info.put("bits_per_weight", bitsPerWeight(
                checkpoint.tensors().values().stream().mapToLong(SafetensorsTensor::byteSize).sum(), parameters));
        info.put("mapped_bytes", checkpoint.mappedBytes());
        info.put("tensors", checkpoint.tensors().values().stream().map(t -> ordered("name", t.name(), "type",
                checkpoint.storageName(t), "dtype", t.dtype().name(), "shape", t.shape(), "bytes", t.byteSize()))
                .toList());
        return info;
    }

    /**
     * What the KV cache of one sequence costs: the bytes its codecs store per token over all attention layers
     * (each layer's KV heads, keys and values), and that times the context.
     */
    private Map<String, Object> kvCache(NemotronConfig c) {
        // LoadOptions checks the codec ids and the bit width as a run of the model would.
        LoadOptions setting = new LoadOptions(1, kv.keyCodec(), kv.valueCodec(), kv.kvBits, 0, false);
        long perToken = 0;
        int attentionLayers = 0;
        for (int layer = 0; layer < c.layers().size(); layer++) {
            if (c.layers().get(layer) == LayerKind.ATTENTION) {
                // Built per layer only where there is attention: a model without it may have no head dimension.
                KvCodec keys = KvCodecs.forKeys(setting.keyCodec(), setting.kvBits(), c.keyLength());
                KvCodec values = KvCodecs.forValues(setting.valueCodec(), setting.kvBits(), c.keyLength());
                attentionLayers++;
                perToken += KvCache.bytesPerPosition(c.headCountKv()[layer], keys, values);
            }
        }
        long tokens = context != null ? context : c.contextLength();
        if (tokens < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--context must not be negative, got "
                    + tokens);
        }
        return ordered("codec", setting.kvCacheDescription(),
                "attention_layers", attentionLayers, "bytes_per_token", perToken, "context", tokens,
                "bytes", perToken * tokens, "size", binarySize(perToken * tokens));
    }

    /** Bytes in the largest binary unit that keeps at least one whole unit, to three significant digits. */
    private static String binarySize(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : "%.3g %s".formatted(value, units[unit]);
    }

    /** The fields every format shares, in their display order. */
    private static void geometry(Map<String, Object> info, NemotronConfig c, long parameters, long vocab) {
        info.put("architecture", c.architecture());
        info.put("layers", c.layers().size());
        info.put("pattern", c.pattern());
        info.put("parameters", parameters);
        info.put("embedding", c.embedding());
        info.put("vocab", vocab);
        info.put("context_length", c.contextLength());
        info.put("attention", ordered("heads", c.headCount(), "kv_heads", maxOf(c.headCountKv()),
                "head_dim", c.keyLength()));
        info.put("ssm", ordered("heads", c.ssmHeads(), "inner", c.ssmInner(), "state", c.ssmState(),
                "groups", c.ssmGroups(), "conv_kernel", c.ssmConvKernel()));
        if (c.expertCount() > 0) {
            info.put("experts", ordered("count", c.expertCount(), "used", c.expertUsed(),
                    "feed_forward", c.expertFeedForward(), "shared_feed_forward", c.sharedFeedForward(),
                    "weights_scale", c.expertWeightsScale(), "weights_norm", c.expertWeightsNorm(),
                    "latent", c.moeLatent()));
        }
    }

    /** Stored bits per logical weight, scales, biases and block headers included, to two decimals. */
    private static double bitsPerWeight(long bytes, long parameters) {
        return parameters == 0 ? 0 : Math.round(bytes * 800.0 / parameters) / 100.0;
    }

    /** A map of the given key, value pairs in this order. */
    private static Map<String, Object> ordered(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static int maxOf(int[] values) {
        int max = 0;
        for (int v : values) {
            max = Math.max(max, v);
        }
        return max;
    }
}
