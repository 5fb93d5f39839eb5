package dev.nemotron.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nemotron.runtime.gguf.GgufFile;
import dev.nemotron.runtime.gguf.GgufFormatException;
import dev.nemotron.runtime.gguf.GgufWriter;
import dev.nemotron.runtime.testing.SharedData;
import dev.nemotron.runtime.weights.GgmlType;

/** Loading rejects files that are valid GGUF but not a runnable NemotronH network, naming file and key. */
class ModelValidationTest {

    @TempDir
    Path dir;

    @Test
    void layerKindsFollowTheKvHeadAndFeedForwardArrays() {
        try (GgufFile moe = GgufFile.open(SharedData.goldenModel("tiny-f32"));
                GgufFile dense = GgufFile.open(SharedData.goldenModel("tiny-dense-f32"))) {
            assertThat(NemotronConfig.from(moe.metadata()).pattern()).isEqualTo("MEM*EME");
            assertThat(NemotronConfig.from(dense.metadata()).pattern()).isEqualTo("M-M*-M");
            NemotronConfig c = NemotronConfig.from(moe.metadata());
            assertThat(c.ssmHeadDim()).isEqualTo(16);
            assertThat(c.ssmInProjection()).isEqualTo(328);
        }
    }

    @Test
    void headCountMayBeAPerLayerArray() throws IOException {
        Path path = variant(w -> w.putInt32Array("nemotron_h_moe.attention.head_count", 0, 0, 0, 4, 0, 0, 0));
        try (GgufFile file = GgufFile.open(path)) {
            assertThat(NemotronConfig.from(file.metadata()).headCount()).isEqualTo(4);
        }
    }

    @Test
    void unsupportedArchitectureIsRejected() throws IOException {
        Path path = variant(w -> w.putString("general.architecture", "llama"));
        assertThatThrownBy(() -> load(path)).isInstanceOf(GgufFormatException.class)
                .hasMessage(path + ": unsupported architecture llama (supported: nemotron_h_moe, nemotron_h)");
    }

    @Test
    void missingRequiredKeyIsRejected() throws IOException {
        Path path = variant(w -> w.remove("nemotron_h_moe.ssm.state_size"));
        assertThatThrownBy(() -> load(path))
                .hasMessage(path + ": required key nemotron_h_moe.ssm.state_size is missing");
    }

    @Test
    void missingRequiredTensorIsRejected() throws IOException {
        Path path = variant(w -> w.removeTensor("blk.2.ssm_out.weight"));
        assertThatThrownBy(() -> load(path)).hasMessage(path + ": required tensor blk.2.ssm_out.weight is missing");
    }

    @Test
    void innerSizeNotDivisibleByTheSsmHeadCountIsRejected() throws IOException {
        Path path = variant(w -> w.putUint32("nemotron_h_moe.ssm.inner_size", 100));
        assertThatThrownBy(() -> load(path)).hasMessage(path + ": inconsistent shapes: nemotron_h_moe.ssm.inner_size"
                + " = 100 is not divisible by nemotron_h_moe.ssm.time_step_rank = 8");
    }

    @Test
    void tensorShapeNotMatchingTheGeometryIsRejected() throws IOException {
        Path path = variant(w -> w.removeTensor("blk.3.attn_k.weight")
                .addTensor("blk.3.attn_k.weight", GgmlType.F32, new long[] {64, 16}, new float[64 * 16]));
        assertThatThrownBy(() -> load(path)).hasMessage(path
                + ": inconsistent shapes: tensor blk.3.attn_k.weight is {64, 16}, expected {64, 32}");
    }

    @Test
    void perLayerArrayOfTheWrongLengthIsRejected() throws IOException {
        Path path = variant(w -> w.putInt32Array("nemotron_h_moe.feed_forward_length", 0, 32));
        assertThatThrownBy(() -> load(path))
                .hasMessage(path + ": key nemotron_h_moe.feed_forward_length has 2 elements, expected 7");
    }

    private static void load(Path path) {
        NemotronModel.load(path, LoadOptions.defaults().withThreads(1)).close();
    }

    /** tiny-f32 with one change, written to a new file. */
    private Path variant(UnaryOperator<GgufWriter> change) throws IOException {
        Path path = dir.resolve("variant.gguf");
        try (GgufFile source = GgufFile.open(SharedData.goldenModel("tiny-f32"))) {
            change.apply(GgufWriter.copyOf(source)).write(path);
        }
        return path;
    }
}
