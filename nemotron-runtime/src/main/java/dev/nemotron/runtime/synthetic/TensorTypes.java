package dev.nemotron.runtime.synthetic;

import dev.nemotron.runtime.weights.GgmlType;

/** Chooses the storage type of each tensor of a synthetic model. */
@FunctionalInterface
public interface TensorTypes {

    /**
     * The type of tensor {@code name} with ggml shape {@code shape} (fastest dimension first).
     */
    GgmlType typeOf(String name, long[] shape);

    /**
     * {@code type} for every matrix, with the rules of llama.cpp's converter and of the golden generator: 1-D
     * tensors, norms, tensors not named {@code *.weight}, the router and the conv stay F32, and a matrix whose row
     * is not a whole number of blocks falls back to F16.
     */
    static TensorTypes uniform(GgmlType type) {
        return (name, shape) -> {
            if (!isQuantizable(name, shape)) {
                return GgmlType.F32;
            }
            return shape[0] % type.blockSize() == 0 ? type : GgmlType.F16;
        };
    }

    /**
     * The types llama-quantize's {@code Q4_K_M} gives a Nemotron-H file (reference {@code nemotron-h.md} §2.7).
     * Q4_K needs rows of a multiple of 256, which only the 4096-wide {@code ssm_out} and {@code attn_output}
     * have; the other matrices take its fallbacks: Q5_0 for Q4_K (token embedding, {@code ssm_in}, the query and
     * key projections, the expert stacks, the shared expert's up projection) and Q8_0 for the Q6_K that
     * {@code Q4_K_M} spends on {@code attn_v}, the shared expert's {@code ffn_down} and the output head.
     */
    static TensorTypes q4KMediumMix() {
        return (name, shape) -> {
            if (!isQuantizable(name, shape)) {
                return GgmlType.F32;
            }
            boolean moreBits = name.equals("output.weight") || name.contains("attn_v.")
                    || name.contains("ffn_down_shexp");
            GgmlType wanted = moreBits ? GgmlType.Q6_K : GgmlType.Q4_K;
            if (shape[0] % wanted.blockSize() == 0) {
                return wanted;
            }
            return moreBits ? GgmlType.Q8_0 : shape[0] % 32 == 0 ? GgmlType.Q5_0 : GgmlType.F16;
        };
    }

    /** {@code type} for the token embedding only, every other tensor F32. */
    static TensorTypes embeddingOnly(GgmlType type) {
        return (name, shape) -> name.equals("token_embd.weight") ? type : GgmlType.F32;
    }

    /** Whether llama.cpp's quantizer would touch the tensor at all. */
    static boolean isQuantizable(String name, long[] shape) {
        return shape.length >= 2 && name.endsWith(".weight") && !name.endsWith("_norm.weight")
                && !name.contains("ffn_gate_inp") && !name.contains("ssm_conv1d");
    }
}
