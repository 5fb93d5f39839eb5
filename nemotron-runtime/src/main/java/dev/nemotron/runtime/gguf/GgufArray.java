package dev.nemotron.runtime.gguf;

import java.util.List;

/**
 * A metadata array: elements of one type, in the Java form {@link GgufValue} describes. Elements of an array of
 * arrays are themselves {@code GgufArray}s.
 *
 * @param elementType the stored type of every element
 * @param elements    the elements
 */
public record GgufArray(GgufValueType elementType, List<Object> elements) {

    public GgufArray {
        elements = java.util.Collections.unmodifiableList(elements);
    }

    public int size() {
        return elements.size();
    }
}
