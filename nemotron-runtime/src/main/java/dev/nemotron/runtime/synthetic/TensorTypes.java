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
