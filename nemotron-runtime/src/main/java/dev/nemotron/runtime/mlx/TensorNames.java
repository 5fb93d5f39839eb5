package dev.nemotron.runtime.mlx;

import java.util.Map;
import java.util.Optional;

/**
 * The names of NemotronH tensors in GGUF (as the engine asks for them) and in an mlx-lm checkpoint, as
 * llama.cpp's converter maps one to the other: {@code blk.N.ssm_in.weight} is
 * {@code backbone.layers.N.mixer.in_proj.weight}, {@code token_embd.weight} is {@code backbone.embeddings.weight}.
 */
final class TensorNames {

    /** GGUF tensor names outside the blocks and their MLX names. */
    private static final Map<String, String> GLOBAL_NAMES = Map.of(
            "token_embd.weight", "backbone.embeddings.weight",
            "output_norm.weight", "backbone.norm_f.weight",
            "output.weight", "lm_head.weight");

    /** GGUF names inside block N ({@code blk.N.}) and their MLX names under {@code backbone.layers.N.}. */
    private static final Map<String, String> BLOCK_NAMES = Map.ofEntries(
            Map.entry("attn_norm.weight", "norm.weight"),
            Map.entry("ssm_in.weight", "mixer.in_proj.weight"),
            Map.entry("ssm_out.weight", "mixer.out_proj.weight"),
            Map.entry("ssm_conv1d.weight", "mixer.conv1d.weight"),
            Map.entry("ssm_conv1d.bias", "mixer.conv1d.bias"),
            Map.entry("ssm_dt.bias", "mixer.dt_bias"),
            Map.entry("ssm_a", "mixer.A_log"),
            Map.entry("ssm_d", "mixer.D"),
            Map.entry("ssm_norm.weight", "mixer.norm.weight"),
            Map.entry("attn_q.weight", "mixer.q_proj.weight"),
            Map.entry("attn_k.weight", "mixer.k_proj.weight"),
            Map.entry("attn_v.weight", "mixer.v_proj.weight"),
            Map.entry("attn_output.weight", "mixer.o_proj.weight"),
            Map.entry("ffn_gate_inp.weight", "mixer.gate.weight"),
            Map.entry("exp_probs_b.bias", "mixer.gate.e_score_correction_bias"),
            Map.entry("ffn_up_exps.weight", "mixer.switch_mlp.fc1.weight"),
            Map.entry("ffn_down_exps.weight", "mixer.switch_mlp.fc2.weight"),
            Map.entry("ffn_up_shexp.weight", "mixer.shared_experts.up_proj.weight"),
            Map.entry("ffn_down_shexp.weight", "mixer.shared_experts.down_proj.weight"),
            Map.entry("ffn_latent_down.weight", "mixer.fc1_latent_proj.weight"),
            Map.entry("ffn_latent_up.weight", "mixer.fc2_latent_proj.weight"),
            Map.entry("ffn_up.weight", "mixer.up_proj.weight"),
            Map.entry("ffn_up.bias", "mixer.up_proj.bias"),
            Map.entry("ffn_down.weight", "mixer.down_proj.weight"),
            Map.entry("ffn_down.bias", "mixer.down_proj.bias"));

    private TensorNames() {
    }

    /** The MLX name of GGUF tensor {@code gguf} (without the Omni prefix), if there is one. */
    static Optional<String> mlxName(String gguf) {
        String global = GLOBAL_NAMES.get(gguf);
        if (global != null) {
            return Optional.of(global);
        }
        if (gguf.startsWith("blk.")) {
            int dot = gguf.indexOf('.', 4);
            String inner = dot < 0 ? null : BLOCK_NAMES.get(gguf.substring(dot + 1));
            if (inner != null) {
                return Optional.of("backbone.layers." + gguf.substring(4, dot) + "." + inner);
            }
        }
        return Optional.empty();
    }
}
