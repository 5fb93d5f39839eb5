package dev.nemotron.runtime.model;

import java.util.Arrays;

/**
 * Records, per sequence position, how close the MoE routers came to choosing another expert: the smallest gap,
 * over all MoE layers, between the k-th and the (k+1)-th selection score.
 *
 * <p>Two correct computations that differ only by float rounding may route a token differently where that gap is
 * within rounding noise; parity tests stop comparing logits at the first such position.
 */
public final class RoutingTrace {

    private float[] margins = new float[0];
    private int positions;

    /** Notes the selection margin of one MoE layer at {@code position}. */
    void record(int position, float margin) {
        if (position >= margins.length) {
            int size = Math.max(position + 1, margins.length * 2);
            int old = margins.length;
            margins = Arrays.copyOf(margins, size);
            Arrays.fill(margins, old, size, Float.POSITIVE_INFINITY);
        }
        margins[position] = Math.min(margins[position], margin);
        positions = Math.max(positions, position + 1);
    }

    /** The smallest margin seen at {@code position}; infinite where every expert was routed or none ran. */
    public float margin(int position) {
        return position < positions ? margins[position] : Float.POSITIVE_INFINITY;
    }

    /** The first position whose margin is below {@code threshold}, or -1. */
    public int firstPositionBelow(float threshold) {
        for (int p = 0; p < positions; p++) {
            if (margins[p] < threshold) {
                return p;
            }
        }
        return -1;
    }
}
