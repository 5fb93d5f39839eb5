package dev.nemotron.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Runs the single-threaded {@link MatrixBenchmark} cases and reports the CPU time of the measuring thread per
 * product, which a machine shared with other work distorts far less than wall time. Arguments: weight types
 * (default Q8_0 Q5_0), then {@code --batch N} (default 1 and 64).
 */
public final class CpuTime {

    private CpuTime() {
    }

    public static void main(String[] args) {
        java.util.List<String> types = new java.util.ArrayList<>();
        java.util.List<Integer> batches = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--batch")) {
                batches.add(Integer.parseInt(args[++i]));
            } else {
                types.add(args[i]);
            }
        }
        if (types.isEmpty()) {
            types = java.util.List.of("Q8_0", "Q5_0");
        }
        if (batches.isEmpty()) {
            batches = java.util.List.of(1, 64);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (String type : types) {
            for (int batch : batches) {
                MatrixBenchmark bench = new MatrixBenchmark();
                bench.type = type;
                bench.batch = batch;
                bench.threads = 1;
                bench.setUp();
                int reps = Math.max(3, 400 / batch);
                for (int i = 0; i < reps * 3; i++) {
                    bench.multiply();
                }
                long start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < reps; i++) {
                    bench.multiply();
                }
                double micros = (threads.getCurrentThreadCpuTime() - start) / 1e3 / reps;
                System.out.printf("%-6s batch %3d: %10.1f us CPU per product, %7.1f us per vector%n", type, batch,
                        micros, micros / batch);
                bench.tearDown();
            }
        }
    }
}
