package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;
import java.util.Random;

/**
 * Run by {@link VectorApiAbsentTest} in a JVM without {@code jdk.incubator.vector}: every format's {@code dot}
 * must work there (falling back to the reference) without loading a vector class.
 */
public final class VectorlessProbe {

    private VectorlessProbe() {
    }

    public static void main(String[] args) {
        System.out.println("vectorKernels=" + WeightFormats.vectorKernels());
        Random random = new Random(5);
        for (GgmlType type : GgmlType.values()) {
            WeightFormat format = WeightFormats.find(type).orElse(null);
            if (format == null) {
                continue;
            }
            MemorySegment data = FormatFixtures.encode(format, FormatFixtures.gaussianRow(random, 512, 0.1f));
            Activations x = new Activations(format.activationType(), 512)
                    .load(FormatFixtures.gaussianRow(random, 512, 1), 0);
            float dot = format.dot(data, 0, x, 0, 512);
            if (dot != format.dotReference(data, 0, x, 0, 512)) {
                System.out.println(type + " differs");
                System.exit(1);
            }
        }
        System.out.println("ok");
    }
}
