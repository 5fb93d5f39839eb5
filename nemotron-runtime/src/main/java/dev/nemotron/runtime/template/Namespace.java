package dev.nemotron.runtime.template;

import java.util.LinkedHashMap;
import java.util.Map;

/** jinja2's {@code namespace()}: the one value a template may change, by {@code set ns.attr = value}. */
final class Namespace {

    private final Map<String, Object> attributes = new LinkedHashMap<>();

    Map<String, Object> attributes() {
        return attributes;
    }
}
