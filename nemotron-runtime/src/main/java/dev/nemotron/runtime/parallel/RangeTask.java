package dev.nemotron.runtime.parallel;

/** A piece of work over the index range {@code [from, to)}, run by one thread of a {@link ComputePool}. */
@FunctionalInterface
public interface RangeTask {

    void run(int from, int to);
}
