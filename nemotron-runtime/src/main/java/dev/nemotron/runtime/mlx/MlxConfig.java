package dev.nemotron.runtime.mlx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import dev.nemotron.runtime.model.LayerKind;
import dev.nemotron.runtime.model.NemotronConfig;

/**
 * The Hugging Face {@code config.json} of a NemotronH checkpoint as mlx-lm writes it, read into a
 * {@link NemotronConfig}, with its {@link Quantization} and whether the output head is tied to the embedding.
 *
 * <p>The layer layout comes from {@code hybrid_override_pattern} ({@code MEM*EME}) or the list form
 * {@code layers_block_type} in either spelling ({@code mamba / attention / moe / mlp}, or transformers' newer
 * {@code linear_attention / full_attention}). The Omni checkpoint nests the language model's keys under
 * {@code llm_config} (or {@code text_config}); the {@code quantization} block is read at the top, or else beside
 * them. Keys that only the trainer uses are ignored, and so is {@code vocab_size}: the vocabulary is the
 * embedding's row count.
 *
 * @param config       the geometry
 * @param quantization how modules are stored
 * @param tiedOutput   whether {@code lm_head} is the embedding ({@code tie_word_embeddings})
 */
public record MlxConfig(NemotronConfig config, Quantization quantization, boolean tiedOutput) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Reads {@code file}.
     *
     * @throws MlxFormatException naming the file and key for a missing, malformed or inconsistent value
     */
    public static MlxConfig read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new MlxFormatException(file, "not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new MlxFormatException(file, "is not a JSON object");
        }
        return from(file, root);
    }

    /** Reads an already parsed {@code config.json}. */
    public static MlxConfig from(Path file, JsonNode root) {
        String prefix = "";
        JsonNode text = root;
        for (String nested : List.of("llm_config", "text_config")) {
            if (root.path(nested).isObject()) {
                text = root.get(nested);
                prefix = nested + ".";
                break;
            }
        }
        Keys k = new Keys(file, text, prefix);
        JsonNode quantized = root.has("quantization") || root.has("quantization_config") ? root : text;
        return new MlxConfig(k.nemotron(), Quantization.read(file, quantized), k.bool("tie_word_embeddings", false));
    }

    /** Typed access to the language model's keys; {@code prefix} names the nesting in messages. */
    private record Keys(Path file, JsonNode node, String prefix) {

        NemotronConfig nemotron() {
            List<LayerKind> layers = layers();
            int n = layers.size();
            int hidden = positive("hidden_size", integer("hidden_size"));
            int heads = integer("num_attention_heads", 0);
            int kvHeads = integer("num_key_value_heads", heads);
            int headDim = integer("head_dim", heads > 0 ? hidden / heads : 0);
            int experts = integer("n_routed_experts", 0);
            int expertFfn = integer("moe_intermediate_size", 0);
            int denseFfn = integer("intermediate_size", 0);
            int sharedFfn = integer("n_shared_experts", 1) * integer("moe_shared_expert_intermediate_size", 0);
            int[] kv = new int[n];
            int[] ffn = new int[n];
            for (int i = 0; i < n; i++) {
                kv[i] = layers.get(i) == LayerKind.ATTENTION ? kvHeads : 0;
                ffn[i] = switch (layers.get(i)) {
                    case MOE -> expertFfn;
                    case MLP -> denseFfn;
                    case MAMBA, ATTENTION -> 0;
                };
            }
            int ssmHeads = integer("mamba_num_heads", 0);
            int ssmHeadDim = integer("mamba_head_dim", 0);
            NemotronConfig c = new NemotronConfig(layers.contains(LayerKind.MOE) ? "nemotron_h_moe" : "nemotron_h",
                    layers, hidden, integer("max_position_embeddings", 4096),
                    (float) number("layer_norm_epsilon", number("norm_eps", 1e-5)), heads, kv, headDim, headDim, ffn,
                    integer("conv_kernel", integer("mamba_d_conv", 4)), ssmHeads * ssmHeadDim,
                    integer("ssm_state_size", 0), ssmHeads, integer("n_groups", integer("mamba_n_groups", 1)),
                    experts, integer("num_experts_per_tok", 0), expertFfn, sharedFfn, bool("norm_topk_prob", false),
                    (float) number("routed_scaling_factor", 1.0), integer("moe_latent_size", 0));
            validate(c);
            return c;
        }

        private void validate(NemotronConfig c) {
            if (c.layers().contains(LayerKind.MAMBA)) {
                positive("mamba_num_heads", c.ssmHeads());
                positive("mamba_head_dim", c.ssmInner() / c.ssmHeads());
                positive("ssm_state_size", c.ssmState());
                positive("n_groups", c.ssmGroups());
                positive("conv_kernel", c.ssmConvKernel());
                divisible("mamba_num_heads", c.ssmHeads(), "n_groups", c.ssmGroups());
            }
            if (c.layers().contains(LayerKind.ATTENTION)) {
                positive("num_attention_heads", c.headCount());
                positive("num_key_value_heads", c.headCountKv()[c.layers().indexOf(LayerKind.ATTENTION)]);
                positive("head_dim", c.keyLength());
                divisible("num_attention_heads", c.headCount(), "num_key_value_heads",
                        c.headCountKv()[c.layers().indexOf(LayerKind.ATTENTION)]);
            }
            if (c.layers().contains(LayerKind.MOE)) {
                positive("n_routed_experts", c.expertCount());
                positive("num_experts_per_tok", c.expertUsed());
                positive("moe_intermediate_size", c.expertFeedForward());
                if (c.expertUsed() > c.expertCount()) {
                    throw error("num_experts_per_tok = %d exceeds n_routed_experts = %d"
                            .formatted(c.expertUsed(), c.expertCount()));
                }
                if (integer("n_group", 1) > 1 || integer("topk_group", 1) > 1) {
                    throw error("n_group = %d, topk_group = %d: group-limited routing is not supported"
                            .formatted(integer("n_group", 1), integer("topk_group", 1)));
                }
            }
            if (c.layers().contains(LayerKind.MLP)) {
                positive("intermediate_size", c.feedForward()[c.layers().indexOf(LayerKind.MLP)]);
            }
        }

        /** The block kinds from the pattern string or the list of block types. */
        private List<LayerKind> layers() {
            JsonNode pattern = node.get("hybrid_override_pattern");
            JsonNode list = node.get("layers_block_type");
            List<LayerKind> out = new ArrayList<>();
            if (pattern != null && pattern.isString()) {
                String p = pattern.stringValue();
                for (int i = 0; i < p.length(); i++) {
                    out.add(fromLetter(p.charAt(i), i));
                }
            } else if (list != null && list.isArray()) {
                for (int i = 0; i < list.size(); i++) {
                    out.add(fromWord(list.get(i).asString(""), i));
                }
            } else {
                throw error("neither hybrid_override_pattern nor layers_block_type says what the layers are");
            }
            if (out.isEmpty()) {
                throw error("the layer pattern is empty");
            }
            return out;
        }

        private LayerKind fromLetter(char letter, int index) {
            for (LayerKind kind : LayerKind.values()) {
                if (kind.letter() == letter) {
                    return kind;
                }
            }
            throw error("hybrid_override_pattern[%d] = '%c' is not one of M, *, E, -".formatted(index, letter));
        }

        private LayerKind fromWord(String word, int index) {
            return switch (word.toLowerCase(Locale.ROOT)) {
                case "mamba", "linear_attention", "m" -> LayerKind.MAMBA;
                case "attention", "full_attention", "*" -> LayerKind.ATTENTION;
                case "moe", "e" -> LayerKind.MOE;
                case "mlp", "-" -> LayerKind.MLP;
                default -> throw error("layers_block_type[%d] = %s is not one of mamba, attention, moe, mlp, "
                        .formatted(index, word) + "linear_attention, full_attention");
            };
        }

        int integer(String key) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                throw error(key + " is missing");
            }
            return integer(key, 0);
        }

        /** An integer key; absent or {@code null} gives {@code otherwise}. */
        int integer(String key, int otherwise) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return otherwise;
            }
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw error("%s = %s is not an integer".formatted(key, v));
            }
            return v.intValue();
        }

        double number(String key, double otherwise) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return otherwise;
            }
            if (!v.isNumber()) {
                throw error("%s = %s is not a number".formatted(key, v));
            }
            return v.doubleValue();
        }

        boolean bool(String key, boolean otherwise) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return otherwise;
            }
            if (!v.isBoolean()) {
                throw error("%s = %s is not a boolean".formatted(key, v));
            }
            return v.booleanValue();
        }

        private int positive(String key, int value) {
            if (value <= 0) {
                throw error("%s = %d must be positive".formatted(key, value));
            }
            return value;
        }

        private void divisible(String key, int value, String byKey, int by) {
            if (by <= 0 || value % by != 0) {
                throw error("%s = %d is not divisible by %s = %d".formatted(key, value, byKey, by));
            }
        }

        private MlxFormatException error(String problem) {
            return new MlxFormatException(file, prefix + problem);
        }
    }
}
