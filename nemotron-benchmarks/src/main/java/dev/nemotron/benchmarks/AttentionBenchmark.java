package dev.nemotron.benchmarks;

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
import org.openjdk.jmh.annotations.Warmup;

import dev.nemotron.runtime.kv.KvCache;
import dev.nemotron.runtime.kv.KvCodec;
import dev.nemotron.runtime.kv.KvCodecs;

/**
 * Decode attention of one query position over {@code context} cached positions, Nano's geometry (32 query heads
 * sharing 2 KV heads of 128), per KV codec.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class AttentionBenchmark {

    private static final int HEADS = 32;
    private static final int KV_HEADS = 2;
    private static final int HEAD_DIM = 128;

    @Param({"f16", "q8_0"})
    public String codec;

    @Param({"4096"})
    public int context;

    private KvCache cache;
    private float[] query;
    private float[] out;
    private float[] scratch;

    @Setup(Level.Trial)
    public void setUp() {
        KvCodec kv = KvCodecs.of(codec, 0, HEAD_DIM);
        cache = new KvCache(KV_HEADS, HEAD_DIM, kv, kv);
        SplittableRandom random = new SplittableRandom(5);
        float[] k = new float[KV_HEADS * HEAD_DIM];
        float[] v = new float[k.length];
        for (int p = 0; p < context; p++) {
            for (int i = 0; i < k.length; i++) {
                k[i] = (float) random.nextGaussian();
                v[i] = (float) random.nextGaussian();
            }
            cache.append(k, 0, v, 0);
        }
        query = new float[HEADS * HEAD_DIM];
        for (int i = 0; i < query.length; i++) {
            query[i] = (float) random.nextGaussian();
        }
        out = new float[query.length];
        scratch = new float[cache.scratchLength(context)];
    }

    @Benchmark
    public float[] attend() {
        cache.attend(query, 0, HEADS, context, (float) (1 / Math.sqrt(HEAD_DIM)), out, 0, scratch);
        return out;
    }
}
