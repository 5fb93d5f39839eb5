package dev.nemotron.runtime.mlx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import dev.nemotron.runtime.model.Matrix;
import dev.nemotron.runtime.weights.ActivationType;
import dev.nemotron.runtime.weights.Activations;
import dev.nemotron.runtime.weights.Half;

/**
 * The project's MLX writer packs F32 weights in every affine bit width and group size, in mxfp4 and as plain
 * tensors; the reader gives back every value within the format's error: {@code |w − ŵ| ≤ |scale|} for affine
 * (MLX's own test bound), half the E2M1 gap (or the clamp at ±6) times the scale for mxfp4, the dtype's
 * rounding for plain tensors.
 */
class MlxWriterRoundTripTest {

    private static final int ROWS = 6;
    private static final int COLS = 256;
    private static final Map<String, Object> CONFIG = Map.of("model_type", "nemotron_h", "hidden_size", COLS,
            "hybrid_override_pattern", "*", "num_attention_heads", 2, "num_key_value_heads", 1, "head_dim", 128);

    @TempDir
    static Path directory;
    private static final Map<String, float[]> SOURCE = new java.util.TreeMap<>();

    static Stream<Arguments> affineSpecs() {
        return Quantization.AFFINE_BITS.stream().flatMap(bits -> Quantization.AFFINE_GROUP_SIZES.stream()
                .map(group -> Arguments.of(bits, group)));
    }

    @BeforeAll
    static void writeCheckpoint() {
        MlxWriter writer = new MlxWriter(Quantization.Spec.affine(4, 64), SafetensorsDtype.F32);
        Random random = new Random(42);
        writer.quantized("backbone.embeddings", new long[] {ROWS, COLS}, values(random, "backbone.embeddings",
                ROWS * COLS), Quantization.Spec.affine(4, 64));
        affineSpecs().forEach(a -> {
            int bits = (int) a.get()[0];
            int group = (int) a.get()[1];
            String module = "test.affine%d_g%d".formatted(bits, group);
            writer.quantized(module, new long[] {ROWS, COLS}, values(random, module, ROWS * COLS),
                    Quantization.Spec.affine(bits, group));
        });
        writer.quantized("test.experts", new long[] {3, ROWS, COLS}, values(random, "test.experts", 3 * ROWS * COLS),
                Quantization.Spec.affine(3, 32));
        writer.quantized("test.mxfp4", new long[] {ROWS, COLS}, values(random, "test.mxfp4", ROWS * COLS),
                Quantization.Spec.mxfp4());
        for (SafetensorsDtype dtype : new SafetensorsDtype[] {SafetensorsDtype.F32, SafetensorsDtype.F16,
                SafetensorsDtype.BF16}) {
            String name = "test.plain_" + dtype + ".weight";
            writer.plain(name, new long[] {ROWS, COLS}, values(random, name, ROWS * COLS), dtype);
        }
        writer.write(directory, CONFIG);
    }

    /** Gaussian values with a few large outliers, so that groups have very different ranges. */
    private static float[] values(Random random, String name, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextGaussian() * (i % 97 == 0 ? 3 : 0.05));
        }
        SOURCE.put(name, v);
        return v;
    }

    @ParameterizedTest(name = "affine {0}-bit, group {1}")
    @MethodSource("affineSpecs")
    void affineRoundTripIsWithinOneScaleOfEveryValue(int bits, int group) {
        String module = "test.affine%d_g%d".formatted(bits, group);
        try (MlxCheckpoint checkpoint = MlxCheckpoint.open(directory)) {
            float[] restored = rows(checkpoint.mlxMatrix(module + ".weight", module, COLS, ROWS));
            float[] scales = checkpoint.tensors().get(module + ".scales").toFloats();
            float[] source = SOURCE.get(module);

            assertThat(checkpoint.mlxConfig().quantization().resolve(true, module))
                    .contains(Quantization.Spec.affine(bits, group));
            for (int i = 0; i < source.length; i++) {
                assertThat(Math.abs(source[i] - restored[i])).as("element %d", i)
                        .isLessThanOrEqualTo(Math.abs(scales[i / group]) * 1.0001f);
            }
        }
    }

    @Test
    void expertStackSlicesRoundTripExpertByExpert() {
        try (MlxCheckpoint checkpoint = MlxCheckpoint.open(directory)) {
            Matrix[] experts = checkpoint.mlxExperts("test.experts.weight", "experts", COLS, ROWS, 3);
            float[] restored = rows(experts);
            float[] scales = checkpoint.tensors().get("test.experts.scales").toFloats();
            float[] source = SOURCE.get("test.experts");

            assertThat(experts).hasSize(3);
            for (int i = 0; i < source.length; i++) {
                assertThat(Math.abs(source[i] - restored[i])).as("element %d", i)
                        .isLessThanOrEqualTo(Math.abs(scales[i / 32]) * 1.0001f);
            }
        }
    }

    @Test
    void mxfp4RoundTripIsWithinHalfAnE2m1StepOrTheClamp() {
        try (MlxCheckpoint checkpoint = MlxCheckpoint.open(directory)) {
            float[] restored = rows(checkpoint.mlxMatrix("test.mxfp4.weight", "mxfp4", COLS, ROWS));
            byte[] scales = checkpoint.tensors().get("test.mxfp4.scales").data()
                    .toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            float[] source = SOURCE.get("test.mxfp4");

            for (int i = 0; i < source.length; i++) {
                float scale = (float) Math.pow(2, (scales[i / 32] & 0xff) - 127);
                float bound = Math.max(scale, Math.abs(source[i]) - 6 * scale);
                assertThat(Math.abs(source[i] - restored[i])).as("element %d", i).isLessThanOrEqualTo(bound);
                assertThat(restored[i] / scale).as("element %d on the E2M1 grid", i).isIn(
                        0f, 0.5f, 1f, 1.5f, 2f, 3f, 4f, 6f, -0f, -0.5f, -1f, -1.5f, -2f, -3f, -4f, -6f);
            }
        }
    }

    @Test
    void plainTensorsRoundTripWithTheirDtypesRounding() {
        try (MlxCheckpoint checkpoint = MlxCheckpoint.open(directory)) {
            float[] f32 = SOURCE.get("test.plain_F32.weight");
            float[] f16 = SOURCE.get("test.plain_F16.weight");
            float[] bf16 = SOURCE.get("test.plain_BF16.weight");

            assertThat(rows(checkpoint.mlxMatrix("test.plain_F32.weight", "f32", COLS, ROWS))).containsExactly(f32);
            float[] restored16 = rows(checkpoint.mlxMatrix("test.plain_F16.weight", "f16", COLS, ROWS));
            float[] restoredBf16 = rows(checkpoint.mlxMatrix("test.plain_BF16.weight", "bf16", COLS, ROWS));
            for (int i = 0; i < f16.length; i++) {
                assertThat(restored16[i]).isEqualTo(Half.roundToHalf(f16[i]));
                assertThat(restoredBf16[i]).isEqualTo(Half.bf16ToFloat(Half.floatToBf16(bf16[i])));
            }
        }
    }

    @Test
    void vectorDecodersGiveTheScalarDecodersValuesBitForBit() {
        try (MlxCheckpoint checkpoint = MlxCheckpoint.open(directory)) {
            float[] vector = new float[COLS];
            float[] scalar = new float[COLS];
            for (String module : SOURCE.keySet()) {
                if (!module.startsWith("test.affine") && !module.equals("test.mxfp4")) {
                    continue;
                }
                Matrix m = checkpoint.mlxMatrix(module + ".weight", module, COLS, ROWS);
                for (int r = 0; r < ROWS; r++) {
                    m.dequantizeRow(r, vector, 0);
                    if (m.weights() instanceof AffineRows affine) {
                        affine.dequantizeReference(r, scalar, 0, COLS);
                    } else {
                        ((Mxfp4Rows) m.weights()).dequantizeReference(r, scalar, 0, COLS);
                    }
                    assertThat(vector).as("%s row %d", module, r).containsExactly(scalar);
                }
            }
        }
    }

    @Test
    void vectorisedDotEqualsTheScalarSumOfDequantizedWeightsTimesActivations() {
        try (MlxCheckpoint checkpoint = MlxCheckpoint.open(directory)) {
            Activations x = new Activations(ActivationType.F32, COLS);
            float[] input = values(new Random(7), "x", COLS);
            x.load(input, 0);
            for (String module : new String[] {"test.affine3_g32", "test.affine5_g128", "test.mxfp4",
                    "test.plain_BF16"}) {
                Matrix m = checkpoint.mlxMatrix(module + ".weight", module, COLS, ROWS);
                MlxRows weights = (MlxRows) m.weights();
                float[] w = new float[COLS];
                for (int r = 0; r < ROWS; r++) {
                    m.dequantizeRow(r, w, 0);
                    double exact = 0;
                    for (int i = 0; i < COLS; i++) {
                        exact += (double) w[i] * input[i];
                    }
                    assertThat((double) weights.dotReference(r, x, 0, COLS)).isCloseTo(exact,
                            org.assertj.core.api.Assertions.within(1e-5));
                    assertThat((double) weights.dot(r, x, 0, COLS)).isCloseTo(exact,
                            org.assertj.core.api.Assertions.within(1e-5));
                }
            }
        }
    }

    private static float[] rows(Matrix... matrices) {
        return MlxGoldenDequantizationTest.rows(matrices);
    }
}
