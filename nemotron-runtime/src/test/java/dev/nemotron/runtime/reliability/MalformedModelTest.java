package dev.nemotron.runtime.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.nemotron.runtime.gguf.GgufFile;
import dev.nemotron.runtime.gguf.GgufFormatException;
import dev.nemotron.runtime.gguf.GgufTensorInfo;
import dev.nemotron.runtime.gguf.GgufValue;
import dev.nemotron.runtime.gguf.GgufWriter;
import dev.nemotron.runtime.model.LoadOptions;
import dev.nemotron.runtime.model.NemotronModel;
import dev.nemotron.runtime.synthetic.Geometry;
import dev.nemotron.runtime.synthetic.SyntheticModel;
import dev.nemotron.runtime.synthetic.TensorTypes;
import dev.nemotron.runtime.tokenizer.TokenizerException;
import dev.nemotron.runtime.weights.GgmlType;

/**
 * Files that are valid GGUF but not a runnable NemotronH network: each one, derived from a small synthetic model
 * by one change, fails to load with a {@link GgufFormatException} (or, for the vocabulary, a
 * {@link TokenizerException}) whose message names the file and the key or tensor at fault.
 */
class MalformedModelTest {

    private static final String A = "nemotron_h_moe.";
    private static final Geometry GEOMETRY = MalformedGgufCorpus.SMALL_MODEL;

    @TempDir
    static Path dir;

    private static Path base;

    @BeforeAll
    static void writeBase() throws IOException {
        base = dir.resolve("base.gguf");
        SyntheticModel.of(GEOMETRY, TensorTypes.uniform(GgmlType.F32), 7).write(base);
    }

    @Test
    void theBaseModelLoadsAndHasAVocabulary() {
        try (NemotronModel model = load(base)) {
            assertThat(model.config().pattern()).isEqualTo("ME*");
            assertThat(model.vocabulary().size()).isEqualTo(Geometry.MIN_VOCAB);
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                change("architecture-llama", w -> w.putString("general.architecture", "llama"),
                        "unsupported architecture llama (supported: nemotron_h_moe, nemotron_h)"),
                change("architecture-empty", w -> w.putString("general.architecture", ""),
                        "unsupported architecture  (supported"),
                change("architecture-missing", w -> w.remove("general.architecture"),
                        "required key general.architecture is missing"),
                change("architecture-uint32", w -> w.putUint32("general.architecture", 1),
                        "key general.architecture is UINT32, expected a string"),
                change("architecture-dense-with-moe-keys", w -> w.putString("general.architecture", "nemotron_h"),
                        "required key nemotron_h.block_count is missing"),
                change("block-count-string", w -> w.putString(A + "block_count", "3"),
                        "key nemotron_h_moe.block_count is STRING, expected an integer"),
                change("block-count-0", w -> w.putUint32(A + "block_count", 0),
                        "key nemotron_h_moe.block_count = 0 must be positive"),
                change("block-count-one-more", w -> w.putUint32(A + "block_count", 4),
                        "key nemotron_h_moe.attention.head_count_kv has 3 elements, expected 4"),
                change("block-count-2^31-1-scalar-layers", w -> w.putUint32(A + "block_count", Integer.MAX_VALUE)
                        .putUint32(A + "attention.head_count_kv", 0).putUint32(A + "feed_forward_length", 0),
                        "block_count = 2147483647 exceeds the limit of 65536 blocks"),
                change("block-count-2^32-1", w -> w.putUint32(A + "block_count", 0xFFFF_FFFFL),
                        "key nemotron_h_moe.block_count = 4294967295 does not fit an int"),
                change("embedding-float", w -> w.putFloat32(A + "embedding_length", 32f),
                        "key nemotron_h_moe.embedding_length is FLOAT32, expected an integer"),
                change("embedding-2^40", w -> w.put(A + "embedding_length", GgufValue.uint64(1L << 40)),
                        "key nemotron_h_moe.embedding_length = 1099511627776 does not fit an int"),
                change("embedding-2^31-1", w -> w.putUint32(A + "embedding_length", Integer.MAX_VALUE),
                        "inconsistent shapes: tensor token_embd.weight is {32, 277}, expected {2147483647, 277}"),
                change("feed-forward-strings", w -> w.put(A + "feed_forward_length",
                        GgufValue.stringArray(List.of("0", "16", "0"))),
                        "key nemotron_h_moe.feed_forward_length is an array of STRING, expected an array of integers"),
                change("epsilon-string", w -> w.putString(A + "attention.layer_norm_rms_epsilon", "1e-5"),
                        "key nemotron_h_moe.attention.layer_norm_rms_epsilon is STRING, expected a float"),
                change("epsilon-NaN", w -> w.putFloat32(A + "attention.layer_norm_rms_epsilon", Float.NaN),
                        "key nemotron_h_moe.attention.layer_norm_rms_epsilon = NaN must be finite and not negative"),
                change("expert-scale-infinity", w -> w.putFloat32(A + "expert_weights_scale",
                        Float.POSITIVE_INFINITY), "expert_weights_scale = Infinity must be finite"),
                change("expert-norm-uint32", w -> w.putUint32(A + "expert_weights_norm", 1),
                        "key nemotron_h_moe.expert_weights_norm is UINT32, expected a bool"),
                change("context-length-0", w -> w.putUint32(A + "context_length", 0),
                        "key nemotron_h_moe.context_length = 0 must be positive"),
                change("context-length-2^64-1", w -> w.put(A + "context_length", GgufValue.uint64(-1)),
                        "key nemotron_h_moe.context_length = 18446744073709551615 must be positive"),
                change("context-length-string", w -> w.putString(A + "context_length", "4096"),
                        "key nemotron_h_moe.context_length is STRING, expected an integer"),
                change("experts-used-more-than-experts", w -> w.putUint32(A + "expert_used_count", 5),
                        "nemotron_h_moe.expert_used_count = 5 exceeds nemotron_h_moe.expert_count = 4"),
                change("expert-count-2^31-1", w -> w.putUint32(A + "expert_count", Integer.MAX_VALUE),
                        "inconsistent shapes: tensor blk.1.ffn_gate_inp.weight is {32, 4}, expected {32, 2147483647}"),
                change("ssm-groups-0", w -> w.putUint32(A + "ssm.group_count", 0),
                        "key nemotron_h_moe.ssm.group_count = 0 must be positive"),
                change("ssm-state-2^30-overflows-channels", w -> w.putUint32(A + "ssm.state_size", 1 << 30),
                        "inconsistent shapes: nemotron_h_moe.ssm.inner_size = 32 is not divisible by"),
                change("head-count-0", w -> w.putUint32(A + "attention.head_count", 0),
                        "key nemotron_h_moe.attention.head_count = 0 must be positive"),
                change("attn-norm-NaN", w -> withValue(w, "blk.0.attn_norm.weight", 3, Float.NaN),
                        "tensor blk.0.attn_norm.weight has the non-finite value NaN at element 3"),
                change("output-norm-infinity", w -> withValue(w, "output_norm.weight", 31, Float.POSITIVE_INFINITY),
                        "tensor output_norm.weight has the non-finite value Infinity at element 31"),
                change("ssm-norm-minus-infinity", w -> withValue(w, "blk.0.ssm_norm.weight", 0,
                        Float.NEGATIVE_INFINITY), "tensor blk.0.ssm_norm.weight has the non-finite value -Infinity"),
                change("ssm-d-NaN", w -> withValue(w, "blk.0.ssm_d", 1, Float.NaN),
                        "tensor blk.0.ssm_d has the non-finite value NaN at element 1"),
                change("embedding-F64-unsupported", MalformedModelTest::embeddingAsF64,
                        "tensor token_embd.weight has type F64; supported types: "),
                change("tensor-missing", w -> w.removeTensor("blk.2.attn_v.weight"),
                        "required tensor blk.2.attn_v.weight is missing"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void invalidModelFailsToLoadNamingFileAndKey(String name, UnaryOperator<GgufWriter> change, String expected)
            throws IOException {
        Path path = variant(name, change);
        assertThatThrownBy(() -> load(path).close()).isExactlyInstanceOf(GgufFormatException.class)
                .hasMessageStartingWith(path + ": ").hasMessageContaining(expected);
    }

    static Stream<Arguments> vocabularyCases() {
        return Stream.of(
                change("tokenizer-model-llama", w -> w.putString("tokenizer.ggml.model", "llama"),
                        "tokenizer.ggml.model 'llama' is not supported"),
                change("tokens-missing", w -> w.remove("tokenizer.ggml.tokens"),
                        "tokenizer.ggml.tokens is missing"),
                change("tokens-uint32", w -> w.putUint32("tokenizer.ggml.tokens", 5), "tokenizer.ggml.tokens must be"),
                change("bos-2^32-1", w -> w.putUint32("tokenizer.ggml.bos_token_id", 0xFFFF_FFFFL),
                        "4294967295"),
                change("token-types-short", w -> w.putInt32Array("tokenizer.ggml.token_type", 1, 1),
                        "tokenizer.ggml.token_type has 2 entries for 277 tokens"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vocabularyCases")
    void invalidVocabularyFailsNamingFileAndKey(String name, UnaryOperator<GgufWriter> change, String expected)
            throws IOException {
        Path path = variant(name, change);
        try (NemotronModel model = load(path)) {
            assertThatThrownBy(model::vocabulary).isInstanceOf(TokenizerException.class)
                    .hasMessageStartingWith(path + ": ").hasMessageContaining(expected);
        }
    }

    private static Arguments change(String name, UnaryOperator<GgufWriter> change, String expected) {
        return Arguments.of(name, change, expected);
    }

    /** Replaces F32 tensor {@code name} with a copy whose element {@code index} is {@code value}. */
    private static GgufWriter withValue(GgufWriter w, String name, int index, float value) {
        try (GgufFile file = GgufFile.open(base)) {
            GgufTensorInfo t = file.tensor(name);
            float[] values = file.data(t).toArray(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED);
            values[index] = value;
            return w.removeTensor(name).addTensor(name, GgmlType.F32, t.shape(), values);
        }
    }

    private static GgufWriter embeddingAsF64(GgufWriter w) {
        long[] shape = {GEOMETRY.hidden(), Geometry.MIN_VOCAB};
        MemorySegment data = MemorySegment.ofArray(new byte[8 * GEOMETRY.hidden() * Geometry.MIN_VOCAB]);
        return w.removeTensor("token_embd.weight").addEncodedTensor("token_embd.weight", GgmlType.F64, shape, data);
    }

    private static Path variant(String name, UnaryOperator<GgufWriter> change) throws IOException {
        Path path = dir.resolve(name + ".gguf");
        try (GgufFile source = GgufFile.open(base)) {
            change.apply(GgufWriter.copyOf(source)).write(path);
        }
        return path;
    }

    private static NemotronModel load(Path path) {
        return NemotronModel.load(path, LoadOptions.defaults().withThreads(1));
    }
}
