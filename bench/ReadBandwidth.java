import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's read bandwidth: threads sum disjoint slices of a 1 GiB off-heap buffer with the widest long
 * vectors, as the matrix-vector products of decode stream weights. Prints the best of several passes in GB/s.
 *
 * <p>Run as a source file: {@code java --add-modules jdk.incubator.vector bench/ReadBandwidth.java [threads]}.
 */
public final class ReadBandwidth {

    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;
    private static final long BYTES = 1L << 30;
    private static volatile long sink;

    public static void main(String[] args) throws InterruptedException {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment buffer = arena.allocate(BYTES, 4096);
            for (long i = 0; i < BYTES; i += 8) {
                buffer.set(ValueLayout.JAVA_LONG, i, i);
            }
            double best = 0;
            for (int pass = 0; pass < 8; pass++) {
                long start = System.nanoTime();
                List<Thread> workers = new ArrayList<>();
                long slice = BYTES / threads;
                for (int t = 0; t < threads; t++) {
                    MemorySegment part = buffer.asSlice(t * slice, slice);
                    workers.add(Thread.ofPlatform().start(() -> sink += sum(part)));
                }
                for (Thread worker : workers) {
                    worker.join();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                best = Math.max(best, BYTES / seconds / 1e9);
            }
            System.out.printf("read bandwidth %.1f GB/s (%d threads, best of 8 passes over 1 GiB)%n", best, threads);
        }
    }

    private static long sum(MemorySegment part) {
        LongVector a = LongVector.zero(LONGS);
        LongVector b = a;
        long step = LONGS.vectorByteSize();
        long end = part.byteSize() - 2 * step;
        for (long i = 0; i <= end; i += 2 * step) {
            a = a.add(LongVector.fromMemorySegment(LONGS, part, i, ByteOrder.LITTLE_ENDIAN));
            b = b.add(LongVector.fromMemorySegment(LONGS, part, i + step, ByteOrder.LITTLE_ENDIAN));
        }
        return a.add(b).reduceLanes(VectorOperators.ADD);
    }
}
