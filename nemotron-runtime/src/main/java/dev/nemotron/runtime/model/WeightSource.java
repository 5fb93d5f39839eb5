package dev.nemotron.runtime.model;

import java.nio.file.Path;
import java.util.Map;

import dev.nemotron.runtime.tokenizer.Vocabulary;

/**
 * Where the network's weights come from: a GGUF file or an MLX checkpoint. The layers ask for tensors by their
 * GGUF names ({@code blk.N.ssm_in.weight}) with the shapes the geometry implies, in ggml order (fastest dimension
 * first); a source for another container maps the names and layouts to its own.
 *
 * <p>Matrices stay in the source's mapping; small vectors are copied out as F32.
 */
public interface WeightSource extends AutoCloseable {

    /** The file or directory the weights were read from. */
    Path path();

    /** The geometry, validated. */
    NemotronConfig config();

    /**
     * The tokenizer vocabulary shipped with the weights, read on each call.
     *
     * @param embeddingRows rows of the token embedding, which unused filler tokens pad the vocabulary up to
     * @throws dev.nemotron.runtime.tokenizer.TokenizerException if it is missing or unsupported
     */
    Vocabulary vocabulary(int embeddingRows);

    /** Whether the source holds the tensor. */
    boolean has(String name);

    /** The number of rows (ggml dimension 1) of a matrix, as the vocabulary of {@code token_embd.weight}. */
    int rows(String name);

    /** A matrix of {@code rows} outputs by {@code cols} inputs: ggml shape {@code {cols, rows}}. */
    Matrix matrix(String name, int cols, int rows);

    /** An expert stack: ggml shape {@code {cols, rows, experts}}; expert e is slice e. */
    Matrix[] experts(String name, int cols, int rows, int experts);

    /** A vector of {@code dims} (ggml order, trailing 1s allowed), dequantized to F32. */
    float[] vector(String name, long... dims);

    /** Elements of all weights (logical values, not stored words). */
    long parameterCount();

    /** Number of tensors (GGUF) or modules (MLX) per storage type name. */
    Map<String, Integer> weightTypes();

    /** Bytes mapped into memory. */
    long mappedBytes();

    /** Unmaps the weights; matrices bound from this source must not be used afterwards. */
    @Override
    void close();
}
