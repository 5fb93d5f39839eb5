package dev.nemotron.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.nemotron.runtime.synthetic.Geometry;
import dev.nemotron.runtime.synthetic.SyntheticModel;
import dev.nemotron.runtime.synthetic.TensorTypes;
import dev.nemotron.runtime.testing.LlamaCppOracle;
import dev.nemotron.runtime.weights.GgmlType;

/**
 * The engine against llama.cpp on F32 models of random geometry written by our own GGUF writer, with random
 * prompts of 1 to 300 tokens: hidden sizes, head and group counts, expert counts and top-k, layer patterns with
 * every layer kind, tied and untied output heads and vocabulary sizes all vary.
 *
 * <p>Logits agree within 1e-4 up to the first position where one of the engine's MoE routers chose between two
 * experts whose selection scores were less than 1e-5 apart: past it, float rounding may legitimately pick the
 * other expert in llama.cpp. Over all positions of all models, at least 99% agree on the argmax.
 */
class OracleParityTest {

    private static final int MODELS = 24;
    private static final float TOLERANCE = 1e-4f;
    private static final float ROUTING_MARGIN = 1e-5f;

    private static LlamaCppOracle oracle;
    private static int positions;
    private static int argmaxAgreements;

    @TempDir
    static Path models;

    @BeforeAll
    static void startOracle() {
        oracle = LlamaCppOracle.start();
    }

    @AfterAll
    static void stopOracleAndCheckArgmaxAgreement() {
        oracle.close();
        assertThat((double) argmaxAgreements / positions).as("argmax agreement over %d positions", positions)
                .isGreaterThanOrEqualTo(0.99);
    }

    static Stream<Long> seeds() {
        return IntStream.range(0, MODELS).mapToObj(i -> 1000L + i);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void f32ModelOfRandomGeometryMatchesLlamaCpp(long seed) throws IOException {
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        Geometry geometry = Geometry.random(random, 8);
        Path file = models.resolve("random-" + seed + ".gguf");
        SyntheticModel.of(geometry, TensorTypes.uniform(GgmlType.F32), seed).write(file);
        int[] prompt = random.ints(random.nextInt(1, 301), 0, geometry.vocab()).toArray();

        float[][] expected = oracle.logits(file, prompt);

        try (NemotronModel model = NemotronModel.load(file, LoadOptions.defaults().withKvCodec("f32"))) {
            RoutingTrace routing = new RoutingTrace();
            model.traceRouting(routing);
            float[] actual = Logits.compute(model, prompt, true);
            int vocab = model.vocabSize();
            int firstFlip = routing.firstPositionBelow(ROUTING_MARGIN);
            int compared = firstFlip < 0 ? prompt.length : firstFlip;
            for (int p = 0; p < prompt.length; p++) {
                float maxAbs = 0;
                int argmax = 0;
                for (int v = 0; v < vocab; v++) {
                    maxAbs = Math.max(maxAbs, Math.abs(actual[p * vocab + v] - expected[p][v]));
                    argmax = actual[p * vocab + v] > actual[p * vocab + argmax] ? v : argmax;
                }
                if (p < compared) {
                    assertThat(maxAbs).as("%s, position %d of %d", geometry, p, prompt.length)
                            .isLessThanOrEqualTo(TOLERANCE);
                }
                positions++;
                argmaxAgreements += argmax == argmaxOf(expected[p]) ? 1 : 0;
            }
        }
    }

    private static int argmaxOf(float[] row) {
        int best = 0;
        for (int v = 1; v < row.length; v++) {
            best = row[v] > row[best] ? v : best;
        }
        return best;
    }
}
