package dev.nemotron.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.nemotron.runtime.model.LoadOptions;
import dev.nemotron.runtime.model.NemotronModel;
import dev.nemotron.runtime.synthetic.Geometry;
import dev.nemotron.runtime.synthetic.SyntheticModel;
import dev.nemotron.runtime.synthetic.TensorTypes;
import dev.nemotron.runtime.weights.GgmlType;

/**
 * One layer of Nano's real shapes, Q8_0, with a minimal vocabulary so that the output head does not count:
 * {@code M} is the Mamba-2 mixer (in/out projections, conv and the selective scan), {@code E} the MoE mixer
 * (F32 router, top-6 of 128 experts, shared expert), {@code *} attention. One token is a decode step, 64 a
 * prefill batch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class LayerBenchmark {

    @Param({"M", "E", "*"})
    public String layer;

    @Param({"1", "64"})
    public int tokens;

    @Param({"1"})
    public int threads;

    private Path file;
    private NemotronModel model;
    private int[] ids;
    private float[] logits;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Geometry nano = Geometry.nano(layer);
        Geometry g = new Geometry(layer, nano.hidden(), nano.heads(), nano.kvHeads(), nano.headDim(),
                nano.ssmHeads(), nano.ssmHeadDim(), nano.ssmState(), nano.ssmGroups(), nano.convKernel(),
                nano.experts(), nano.expertsUsed(), nano.expertFfn(), nano.sharedFfn(), nano.denseFfn(),
                Geometry.MIN_VOCAB, false);
        file = Files.createTempFile("nemotron-layer-", ".gguf");
        SyntheticModel.of(g, TensorTypes.uniform(GgmlType.Q8_0), 3).write(file);
        model = NemotronModel.load(file, LoadOptions.defaults().withThreads(threads).withContextLength(tokens + 8));
        ids = new int[tokens];
        for (int i = 0; i < tokens; i++) {
            ids[i] = 20 + i % 200;
        }
        logits = new float[tokens * model.vocabSize()];
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        model.close();
        Files.deleteIfExists(file);
    }

    @Benchmark
    public float[] forward() {
        model.forward(model.newSequence(), ids, 0, tokens, logits, false);
        return logits;
    }
}
