package dev.nemotron.runtime.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.nemotron.runtime.gguf.GgufFile;
import dev.nemotron.runtime.gguf.GgufTensorInfo;
import dev.nemotron.runtime.model.NemotronConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/** {@code info}: what a GGUF model file holds, without running it. */
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
        try (GgufFile file = GgufFile.open(model.path)) {
            Map<String, Object> info = describe(file, NemotronConfig.from(file.metadata()));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(info));
            } else {
                printText(out, info, file);
            }
            out.flush();
        }
    }

    private static Map<String, Object> describe(GgufFile file, NemotronConfig c) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("file", file.path().toString());
        info.put("gguf_version", file.version());
        info.put("name", file.metadata().getString("general.name", ""));
        info.put("architecture", c.architecture());
        info.put("layers", c.layers().size());
        info.put("pattern", c.pattern());
        info.put("parameters", file.tensors().values().stream().mapToLong(GgufTensorInfo::elements).sum());
        info.put("embedding", c.embedding());
        info.put("vocab", file.findTensor("token_embd.weight").map(t -> t.dim(1)).orElse(0L));
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
        info.put("tied_output", file.findTensor("output.weight").isEmpty());
        Map<String, Integer> types = new TreeMap<>();
        file.tensors().values().forEach(t -> types.merge(t.type().name(), 1, Integer::sum));
        info.put("tensor_types", types);
        info.put("mapped_bytes", file.mappedSize());
        List<Map<String, Object>> tensors = file.tensors().values().stream().map(t -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.name());
            m.put("type", t.type().name());
            m.put("shape", t.shape());
            m.put("bytes", t.byteSize());
            return m;
        }).toList();
        info.put("tensors", tensors);
        return info;
    }

    private static void printText(PrintWriter out, Map<String, Object> info, GgufFile file) {
        info.forEach((key, value) -> {
            if (!key.equals("tensors")) {
                out.printf("%-16s %s%n", key + ":", value);
            }
        });
        out.println("tensors:");
        for (GgufTensorInfo t : file.tensors().values()) {
            out.printf("  %-32s %-6s %s%n", t.name(), t.type(), t.shapeString());
        }
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
