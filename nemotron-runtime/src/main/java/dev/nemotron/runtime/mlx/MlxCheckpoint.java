package dev.nemotron.runtime.mlx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.nemotron.runtime.model.Matrix;
import dev.nemotron.runtime.model.NemotronConfig;
import dev.nemotron.runtime.model.WeightRows;
import dev.nemotron.runtime.model.WeightSource;
import dev.nemotron.runtime.tokenizer.HuggingFaceTokenizer;
import dev.nemotron.runtime.tokenizer.Vocabulary;

/**
 * An MLX checkpoint directory as mlx-lm writes it: {@code config.json}, one {@code model.safetensors} or shards
 * listed in {@code model.safetensors.index.json}, and the Hugging Face tokenizer files; as a {@link WeightSource}
 * it serves the tensors under their GGUF names.
 *
 * <p>Names and layouts map as llama.cpp's converter maps them ({@code blk.N.ssm_in.weight} is
 * {@code backbone.layers.N.mixer.in_proj}, the expert stacks are {@code switch_mlp.fc1 / fc2}, …). A module is
 * quantized as {@link Quantization} resolves it; {@code A_log} becomes {@code A = −exp(A_log)}. The Omni
 * checkpoint's {@code language_model.} prefix is found from the tensor names.
 */
public final class MlxCheckpoint implements WeightSource {

    /** The index of a sharded (and, from mlx-lm, also of a single-file) checkpoint. */
    public static final String INDEX = SafetensorsShards.INDEX;
    private static final String EMBEDDING = "backbone.embeddings.weight";
    private static final String OMNI_PREFIX = "language_model.";

    private final Path directory;
    private final MlxConfig config;
    private final SafetensorsShards shards;
    private final Map<String, SafetensorsTensor> tensors;
    private final String prefix;

    private MlxCheckpoint(Path directory, MlxConfig config, SafetensorsShards shards) {
        this.directory = directory;
        this.config = config;
        this.shards = shards;
        this.tensors = shards.tensors();
        if (tensors.containsKey(EMBEDDING)) {
            this.prefix = "";
        } else if (tensors.containsKey(OMNI_PREFIX + EMBEDDING)) {
            this.prefix = OMNI_PREFIX;
        } else {
            throw new MlxFormatException(directory, "no tensor %s (nor %s%s): not a NemotronH checkpoint"
                    .formatted(EMBEDDING, OMNI_PREFIX, EMBEDDING));
        }
    }

    /**
     * Reads {@code config.json} of {@code directory} and maps its safetensors files.
     *
     * @throws MlxFormatException naming the file and key or tensor for anything missing or inconsistent
     */
    public static MlxCheckpoint open(Path directory) {
        Path configFile = directory.resolve("config.json");
        if (!Files.isRegularFile(configFile)) {
            throw new MlxFormatException(directory, "no config.json: not an MLX checkpoint directory");
        }
        MlxConfig config = MlxConfig.read(configFile);
        SafetensorsShards shards = SafetensorsShards.open(directory);
        try {
            return new MlxCheckpoint(directory, config, shards);
        } catch (RuntimeException e) {
            shards.close();
            throw e;
        }
    }

    /** The parsed {@code config.json}. */
    public MlxConfig mlxConfig() {
        return config;
    }

    /** Every tensor of every shard, by MLX name. */
    public Map<String, SafetensorsTensor> tensors() {
        return tensors;
    }

    /** {@code language_model.} for the Omni checkpoint, else empty. */
    public String prefix() {
        return prefix;
    }

    @Override
    public Path path() {
        return directory;
    }

    @Override
    public NemotronConfig config() {
        return config.config();
    }

    @Override
    public Vocabulary vocabulary(int embeddingRows) {
        return HuggingFaceTokenizer.readDirectory(directory, embeddingRows);
    }

    /**
     * The MLX tensor name of GGUF tensor {@code gguf}, with the checkpoint's prefix.
     *
     * @throws MlxFormatException if no MLX tensor corresponds to it
     */
    public String mlxName(String gguf) {
        return TensorNames.mlxName(gguf).map(name -> prefix + name).orElseThrow(() -> new MlxFormatException(
                directory, "no MLX tensor corresponds to %s".formatted(gguf)));
    }

    /** Whether the tensor is there; {@code output.weight} is absent when the config ties it to the embedding. */
    @Override
    public boolean has(String name) {
        if (name.equals("output.weight") && config.tiedOutput()) {
            return false;
        }
        return tensors.containsKey(mlxName(name));
    }

    @Override
    public int rows(String name) {
        SafetensorsTensor t = tensor(mlxName(name));
        return Math.toIntExact(t.dim(-2));
    }

    @Override
    public Matrix matrix(String name, int cols, int rows) {
        return mlxMatrix(mlxName(name), name, cols, rows);
    }

    /**
     * The stack {@code switch_mlp.fc1 / fc2} as mlx-lm saves it, or, in a Hugging Face checkpoint that mlx-lm's
     * {@code sanitize} has not stacked, the separate {@code experts.E.up_proj / down_proj} of each expert.
     */
    @Override
    public Matrix[] experts(String name, int cols, int rows, int experts) {
        String stacked = mlxName(name);
        String unstacked = stacked.replace(".switch_mlp.fc1.", ".experts.%d.up_proj.")
                .replace(".switch_mlp.fc2.", ".experts.%d.down_proj.");
        if (tensors.containsKey(stacked) || !tensors.containsKey(unstacked.formatted(0))) {
            return mlxExperts(stacked, name, cols, rows, experts);
        }
        Matrix[] out = new Matrix[experts];
        for (int e = 0; e < experts; e++) {
            out[e] = mlxMatrix(unstacked.formatted(e), name + "[" + e + "]", cols, rows);
        }
        return out;
    }

    /**
     * The matrix of an MLX module by its own name: {@code weightName} is its {@code .weight} tensor, {@code [rows,
     * cols]} when plain, packed otherwise; {@code name} labels it.
     */
    public Matrix mlxMatrix(String weightName, String name, int cols, int rows) {
        return new Matrix(name, rows, cols, weightRows(weightName, new long[] {rows}, cols, 0));
    }

    /** As {@link #mlxMatrix}, for an expert stack {@code [experts, rows, cols]}: expert e is slice e. */
    public Matrix[] mlxExperts(String weightName, String name, int cols, int rows, int experts) {
        Matrix[] out = new Matrix[experts];
        for (int e = 0; e < experts; e++) {
            out[e] = new Matrix(name + "[" + e + "]", rows, cols,
                    weightRows(weightName, new long[] {experts, rows}, cols, (long) e * rows));
        }
        return out;
    }

    @Override
    public float[] vector(String name, long... dims) {
        String mlx = mlxName(name);
        SafetensorsTensor t = tensor(mlx);
        if (storage(mlx).isPresent()) {
            throw new MlxFormatException(t.file(), "tensor %s is quantized; %s must be a plain vector"
                    .formatted(mlx, name));
        }
        floating(t);
        long expected = SafetensorsTensor.elements(dims);
        if (t.elements() != expected) {
            throw new MlxFormatException(t.file(), "tensor %s is %s, expected %d values for %s %s"
                    .formatted(mlx, t.shapeString(), expected, name, Arrays.toString(dims)));
        }
        float[] values = t.toFloats();
        if (mlx.endsWith(".A_log")) {
            // A = −exp(A_log), computed in double and rounded once, as the converter writes ssm_a.
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) -Math.exp(values[i]);
            }
        }
        return values;
    }

    /** The rows of module {@code weightName} (its {@code .weight} tensor) with leading dimensions {@code lead}. */
    private WeightRows weightRows(String weightName, long[] lead, int cols, long firstRow) {
        SafetensorsTensor weight = tensor(weightName);
        String module = module(weightName);
        Optional<Quantization.Spec> storage = storage(weightName);
        if (storage.isEmpty()) {
            floating(weight);
            shaped(weight, lead, cols);
            return new PlainRows(weight, cols, firstRow);
        }
        Quantization.Spec spec = storage.get();
        if (cols % spec.groupSize() != 0 || (long) cols * spec.bits() % 32 != 0) {
            throw new MlxFormatException(weight.file(), "module %s: %d columns are not whole groups of %d at %d bits"
                    .formatted(module, cols, spec.groupSize(), spec.bits()));
        }
        int groups = cols / spec.groupSize();
        coded(weight, SafetensorsDtype.U32);
        shaped(weight, lead, (long) cols * spec.bits() / 32);
        SafetensorsTensor scales = tensor(module + ".scales");
        shaped(scales, lead, groups);
        if (spec.mode() == Quantization.Mode.MXFP4) {
            coded(scales, SafetensorsDtype.U8);
            return new Mxfp4Rows(weight, scales, cols, firstRow);
        }
        SafetensorsTensor biases = tensor(module + ".biases");
        floating(scales);
        floating(biases);
        shaped(biases, lead, groups);
        return new AffineRows(weight, scales, biases, spec, cols, firstRow);
    }

    /** How the module of tensor {@code name} is quantized; empty for a plain tensor. */
    private Optional<Quantization.Spec> storage(String name) {
        String module = module(name);
        return config.quantization().resolve(tensors.containsKey(module + ".scales"), module,
                module.substring(prefix.length()));
    }

    private static String module(String tensorName) {
        return tensorName.endsWith(".weight") ? tensorName.substring(0, tensorName.length() - 7) : tensorName;
    }

    private SafetensorsTensor tensor(String name) {
        SafetensorsTensor t = tensors.get(name);
        if (t == null) {
            throw new MlxFormatException(directory, "tensor %s is missing".formatted(name));
        }
        return t;
    }

    /** {@code t} must be {@code [lead..., last]}. */
    private static void shaped(SafetensorsTensor t, long[] lead, long last) {
        long[] expected = Arrays.copyOf(lead, lead.length + 1);
        expected[lead.length] = last;
        if (!Arrays.equals(t.shape(), expected)) {
            throw new MlxFormatException(t.file(), "inconsistent shapes: tensor %s is %s, expected %s"
                    .formatted(t.name(), t.shapeString(), Arrays.toString(expected)));
        }
    }

    private static void floating(SafetensorsTensor t) {
        if (!t.dtype().floating()) {
            throw new MlxFormatException(t.file(), "tensor %s has dtype %s; expected F32, F16 or BF16"
                    .formatted(t.name(), t.dtype()));
        }
    }

    private static void coded(SafetensorsTensor t, SafetensorsDtype dtype) {
        if (t.dtype() != dtype) {
            throw new MlxFormatException(t.file(), "tensor %s has dtype %s; a quantized module stores %s there"
                    .formatted(t.name(), t.dtype(), dtype));
        }
    }

    /** Logical values: a quantized module counts its unpacked codes, its scales and biases not at all. */
    @Override
    public long parameterCount() {
        long n = 0;
        for (SafetensorsTensor t : tensors.values()) {
            if (!quantizedPart(t.name())) {
                n += storage(t.name()).map(s -> t.elements() * 32 / s.bits()).orElse(t.elements());
            }
        }
        return n;
    }

    /** Modules per storage: {@code affine-4/64}, {@code mxfp4}, or the dtype of a plain tensor. */
    @Override
    public Map<String, Integer> weightTypes() {
        Map<String, Integer> counts = new TreeMap<>();
        for (SafetensorsTensor t : tensors.values()) {
            if (!quantizedPart(t.name())) {
                counts.merge(storageName(t), 1, Integer::sum);
            }
        }
        return counts;
    }

    /**
     * The storage type of tensor {@code t}: the quantization of its module (for the codes, scales and biases of a
     * quantized module), or its dtype.
     */
    public String storageName(SafetensorsTensor t) {
        String name = quantizedPart(t.name()) ? t.name().substring(0, t.name().lastIndexOf('.')) + ".weight"
                : t.name();
        return storage(name).map(Quantization.Spec::typeName).orElse(t.dtype().name());
    }

    /** Whether {@code name} is the scales or biases of a quantized module. */
    private boolean quantizedPart(String name) {
        int dot = name.lastIndexOf('.');
        String suffix = name.substring(dot + 1);
        return (suffix.equals("scales") || suffix.equals("biases"))
                && tensors.containsKey(name.substring(0, dot) + ".weight")
                && storage(name.substring(0, dot) + ".weight").isPresent();
    }

    @Override
    public long mappedBytes() {
        return shards.mappedBytes();
    }

    @Override
    public void close() {
        shards.close();
    }
}
