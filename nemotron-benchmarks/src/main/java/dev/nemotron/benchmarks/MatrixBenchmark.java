package dev.nemotron.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
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

import dev.nemotron.runtime.model.Matrix;
import dev.nemotron.runtime.parallel.ComputePool;
import dev.nemotron.runtime.weights.Activations;
import dev.nemotron.runtime.weights.GgmlType;
import dev.nemotron.runtime.weights.WeightFormat;
import dev.nemotron.runtime.weights.WeightFormats;

/**
 * A 2688 × 4096 weight matrix (Nano's {@code ssm_out} and {@code attn_output}) times a batch of activations, per
 * weight type: batch 1 is the decode matrix-vector product, batch 64 the prefill matrix-matrix path. One thread
 * unless {@code threads} says otherwise; divide the matrix bytes by the time for the read rate.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class MatrixBenchmark {

    private static final int ROWS = 2688;
    private static final int COLS = 4096;

    @Param({"Q8_0", "Q5_0", "Q4_K", "Q6_K", "IQ4_NL", "F16", "F32"})
    public String type;

    @Param({"1", "64"})
    public int batch;

    @Param({"1"})
    public int threads;

    private Arena arena;
    private Matrix matrix;
    private Activations input;
    private float[] output;
    private ComputePool pool;

    @Setup(Level.Trial)
    public void setUp() {
        WeightFormat format = WeightFormats.of(GgmlType.valueOf(type));
        SplittableRandom random = new SplittableRandom(7);
        float[] weights = new float[ROWS * COLS];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) random.nextGaussian() * 0.02f;
        }
        arena = Arena.ofShared();
        MemorySegment data = arena.allocate(format.rowBytes(COLS) * ROWS, 64);
        format.quantize(weights, 0, weights.length, data, 0);
        matrix = new Matrix("bench", data, 0, ROWS, COLS, format);
        float[] x = new float[batch * COLS];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        input = new Activations(format.activationType(), COLS).load(x, 0, COLS, batch);
        output = new float[batch * ROWS];
        pool = new ComputePool(threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
        arena.close();
    }

    @Benchmark
    public float[] multiply() {
        matrix.multiply(input, output, 0, ROWS, false, pool);
        return output;
    }
}
