package dev.nemotron.runtime.template;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

/**
 * A Python generator or iterator, as jinja2's {@code map}, {@code select}, {@code items}, {@code reverse} and
 * similar filters return: lazy (a failure surfaces only when it is iterated), consumed by one pass, always
 * true, without a length, printed as {@code <generator object …>}.
 */
final class Generator {

    private final String type;
    private final String function;
    private Supplier<Iterator<Object>> start;
    private Iterator<Object> items;

    /**
     * @param type     the Python type name, as {@code generator} or {@code list_reverseiterator}
     * @param function the function a generator object names in its repr, or null for other iterators
     * @param start    makes the items; called on the first pull, so its failures are lazy too
     */
    Generator(String type, String function, Supplier<Iterator<Object>> start) {
        this.type = type;
        this.function = function;
        this.start = start;
    }

    String type() {
        return type;
    }

    private Iterator<Object> items() {
        if (items == null) {
            items = start.get();
            start = null;
        }
        return items;
    }

    /** The items not consumed yet; afterwards the generator is exhausted. */
    List<Object> drain() {
        List<Object> rest = new ArrayList<>();
        items().forEachRemaining(rest::add);
        return rest;
    }

    boolean hasNext() {
        return items().hasNext();
    }

    Object next() {
        return items().next();
    }

    @Override
    public String toString() {
        return function != null ? "<generator object " + function + " at 0x" + Integer.toHexString(hashCode()) + ">"
                : "<" + type + " object at 0x" + Integer.toHexString(hashCode()) + ">";
    }
}
