package dev.nemotron.runtime.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code dict.keys()}, {@code values()} and {@code items()} return: a live, repeatable view with a length,
 * printed as {@code dict_items([('a', 1)])}; not indexable and not a sequence.
 *
 * @param kind {@code keys}, {@code values} or {@code items}
 */
record DictView(String kind, Map<Object, Object> map) {

    String type() {
        return "dict_" + kind;
    }

    List<Object> items() {
        return switch (kind) {
            case "keys" -> new ArrayList<>(map.keySet());
            case "values" -> new ArrayList<>(map.values());
            default -> {
                List<Object> pairs = new ArrayList<>(map.size());
                map.forEach((k, v) -> pairs.add(Tuple.of(k, v)));
                yield pairs;
            }
        };
    }
}
