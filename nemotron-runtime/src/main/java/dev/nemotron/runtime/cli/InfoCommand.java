package dev.nemotron.runtime.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.nemotron.runtime.gguf.GgufFile;
import dev.nemotron.runtime.gguf.GgufTensorInfo;
import dev.nemotron.runtime.mlx.MlxCheckpoint;
import dev.nemotron.runtime.mlx.SafetensorsTensor;
import dev.nemotron.runtime.model.NemotronConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/** {@code info}: what a GGUF model file or MLX checkpoint directory holds, without running it. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Describe a model: architecture, layer pattern, parameters, tensor types, mapped size.")
final class InfoCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelFile model;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public void run() {
        if (Files.isDirectory(model.path)) {
            try (MlxCheckpoint checkpoint = MlxCheckpoint.open(model.path)) {
                print(describe(checkpoint), checkpoint.tensors().values().stream().map(t -> "  %-56s %-12s %-5s %s"
                        .formatted(t.name(), checkpoint.storageName(t), t.dtype(), t.shapeString())).toList());
            }
            return;
        }
        try (GgufFile file = GgufFile.open(model.path)) {
            print(describe(file, NemotronConfig.from(file.metadata())), file.tensors().values().stream()
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
