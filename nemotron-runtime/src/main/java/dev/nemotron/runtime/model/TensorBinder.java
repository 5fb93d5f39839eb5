package dev.nemotron.runtime.model;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import dev.nemotron.runtime.gguf.GgufFile;
import dev.nemotron.runtime.gguf.GgufFormatException;
import dev.nemotron.runtime.gguf.GgufTensorInfo;
import dev.nemotron.runtime.tokenizer.TokenizerException;
import dev.nemotron.runtime.tokenizer.Vocabulary;
import dev.nemotron.runtime.weights.WeightFormat;
import dev.nemotron.runtime.weights.WeightFormats;

/**
 * Binds weights to the tensors of a GGUF file by name, checking each shape against the geometry. Matrices stay
 * in the mapping; only small vectors (norms, biases, SSM parameters) are copied out as F32.
 */
final class TensorBinder implements WeightSource {

    private final GgufFile file;
    private final NemotronConfig config;

    TensorBinder(GgufFile file) {
        this.file = file;
        this.config = NemotronConfig.from(file.metadata());
    }

    /** Maps a GGUF file; closes it again if it is not a NemotronH file. */
    static TensorBinder open(Path path) {
        GgufFile file = GgufFile.open(path);
        try {
            return new TensorBinder(file);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    GgufFile file() {
        return file;
    }

    @Override
    public Path path() {
        return file.path();
    }

    @Override
    public NemotronConfig config() {
        return config;
    }

    @Override
    public Vocabulary vocabulary(int embeddingRows) {
        try {
            return Vocabulary.fromGgufMetadata(file.metadata()::plain);
        } catch (TokenizerException e) {
            throw new TokenizerException(file.path() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean has(String name) {
        return file.findTensor(name).isPresent();
    }

    @Override
    public int rows(String name) {
        return Math.toIntExact(file.tensor(name).dim(1));
    }

    @Override
    public Matrix matrix(String name, int cols, int rows) {
        GgufTensorInfo t = shaped(name, cols, rows);
        return new Matrix(name, file.mapping(), t.dataOffset(), rows, cols, format(t));
    }

    @Override
    public Matrix[] experts(String name, int cols, int rows, int experts) {
        GgufTensorInfo t = shaped(name, cols, rows, experts);
        WeightFormat format = format(t);
        long expertBytes = format.rowBytes(cols) * rows;
        Matrix[] out = new Matrix[experts];
        for (int e = 0; e < experts; e++) {
            out[e] = new Matrix(name + "[" + e + "]", file.mapping(), t.dataOffset() + e * expertBytes, rows, cols,
                    format);
        }
        return out;
    }

    /**
     * A vector of {@code dims} (ggml order, trailing 1s allowed), dequantized to F32.
     *
     * <p>Every value must be finite. These vectors are norm weights, biases and SSM parameters: one NaN or
     * infinity among them turns every later activation, and so every logit, into NaN. llama.cpp loads such a
     * file and fails only at generation; rejecting it here names the tensor and the element at fault. Matrices
     * are not scanned: that would read gigabytes of weights at every load.
     */
    @Override
    public float[] vector(String name, long... dims) {
        GgufTensorInfo t = shaped(name, dims);
        float[] out = new float[Math.toIntExact(t.elements())];
        format(t).dequantize(file.mapping(), t.dataOffset(), out, 0, out.length);
        for (int i = 0; i < out.length; i++) {
            if (!Float.isFinite(out[i])) {
                throw new GgufFormatException(file.path(), "tensor %s has the non-finite value %s at element %d"
                        .formatted(name, out[i], i));
            }
        }
        return out;
    }

    @Override
    public long parameterCount() {
        return file.tensors().values().stream().mapToLong(GgufTensorInfo::elements).sum();
    }

    @Override
    public Map<String, Integer> weightTypes() {
        Map<String, Integer> counts = new TreeMap<>();
        file.tensors().values().forEach(t -> counts.merge(t.type().name(), 1, Integer::sum));
        return counts;
    }

    @Override
    public long mappedBytes() {
        return file.mappedSize();
    }

    @Override
    public void close() {
        file.close();
    }

    private GgufTensorInfo shaped(String name, long... dims) {
        GgufTensorInfo t = file.tensor(name);
        for (int i = 0; i < Math.max(dims.length, t.dims()); i++) {
            long expected = i < dims.length ? dims[i] : 1;
            if (t.dim(i) != expected) {
                throw new GgufFormatException(file.path(), "inconsistent shapes: tensor %s is %s, expected %s"
                        .formatted(name, t.shapeString(), Arrays.toString(dims).replace('[', '{').replace(']', '}')));
            }
        }
        return t;
    }

    private WeightFormat format(GgufTensorInfo t) {
        return WeightFormats.find(t.type()).orElseThrow(() -> new GgufFormatException(file.path(),
                "tensor %s has type %s; supported types: %s".formatted(t.name(), t.type(),
                        WeightFormats.supportedNames())));
    }
}
