package dev.nemotron.runtime.template;

import java.util.HashMap;
import java.util.Map;

/**
 * Variables visible at one point of a render. As in jinja2, every loop iteration and every macro call gets a new
 * scope, so a {@code set} there does not outlive it; {@code if} blocks share their enclosing scope.
 */
final class Scope {

    private final Scope parent;
    private final Map<String, Object> variables = new HashMap<>(8);

    Scope(Scope parent) {
        this.parent = parent;
    }

    Object lookup(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            Object value = s.variables.get(name);
            if (value != null || s.variables.containsKey(name)) {
                return value;
            }
        }
        return Undefined.named(name);
    }

    void set(String name, Object value) {
        variables.put(name, value);
    }
}
