package dev.nemotron.runtime.template;

import java.util.List;

/** A Python tuple: an immutable sequence that prints as {@code (a, b)} and is never equal to a list. */
record Tuple(List<Object> items) {

    Tuple {
        items = java.util.Collections.unmodifiableList(items);
    }

    static Tuple of(Object... items) {
        return new Tuple(java.util.Arrays.asList(items));
    }
}
