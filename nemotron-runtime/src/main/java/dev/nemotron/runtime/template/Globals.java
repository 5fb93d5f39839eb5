package dev.nemotron.runtime.template;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The global functions a chat template can call: jinja2's {@code range} (with the sandbox's length limit),
 * {@code dict}, {@code namespace}, {@code joiner}, and transformers' {@code raise_exception} and
 * {@code strftime_now}.
 */
final class Globals {

    private Globals() {
    }

    static Scope scope() {
        Scope globals = new Scope(null);
        globals.set("range", (TemplateCallable) Globals::range);
        globals.set("dict", (TemplateCallable) (in, args, kwargs) -> dict("dict", args, kwargs));
        globals.set("namespace", (TemplateCallable) Globals::namespace);
        globals.set("joiner", (TemplateCallable) Globals::joiner);
        globals.set("raise_exception", (TemplateCallable) Globals::raiseException);
        globals.set("strftime_now", (TemplateCallable) Globals::strftimeNow);
        return globals;
    }

    private static Object range(Interpreter in, List<Object> args, Map<String, Object> kwargs) {
        if (args.isEmpty() || args.size() > 3 || !kwargs.isEmpty()) {
            throw EvalError.type("range expected 1 to 3 integer arguments, got " + args.size());
        }
        long[] bounds = new long[args.size()];
        for (int i = 0; i < bounds.length; i++) {
            if (!Py.isInt(args.get(i))) {
                throw EvalError.type(Py.repr(Py.typeName(args.get(i))) + " object cannot be interpreted as an integer");
            }
            bounds[i] = Py.toLong(args.get(i));
        }
        long start = bounds.length > 1 ? bounds[0] : 0;
        long stop = bounds.length > 1 ? bounds[1] : bounds[0];
        long step = bounds.length > 2 ? bounds[2] : 1;
        if (step == 0) {
            throw EvalError.value("range() arg 3 must not be zero");
        }
        long length = step > 0 ? (stop > start ? (stop - start + step - 1) / step : 0)
                : (start > stop ? (start - stop - step - 1) / -step : 0);
        if (length > in.limits().maxRange()) {
            throw new EvalError("OverflowError", "Range too big. The sandbox blocks ranges larger than MAX_RANGE ("
                    + in.limits().maxRange() + ").");
        }
        List<Object> values = new ArrayList<>((int) length);
        for (long i = 0, v = start; i < length; i++, v += step) {
            values.add(v);
        }
        return values;
    }

    /** Python's {@code dict(mapping_or_pairs, **kwargs)}. */
    private static Map<Object, Object> dict(String function, List<Object> args, Map<String, Object> kwargs) {
        if (args.size() > 1) {
            throw EvalError.type(function + " expected at most 1 argument, got " + args.size());
        }
        Map<Object, Object> map = new LinkedHashMap<>();
        if (!args.isEmpty()) {
            Object source = args.getFirst();
            if (source instanceof Map<?, ?> m) {
                map.putAll(m);
            } else if (source instanceof Namespace ns) {
                map.putAll(ns.attributes());
            } else {
                for (Object pair : Py.iterate(source)) {
                    List<Object> kv = Py.iterate(pair);
                    if (kv.size() != 2) {
                        throw EvalError.value("dictionary update sequence element has length " + kv.size()
                                + "; 2 is required");
                    }
                    Access.put(map, kv.get(0), kv.get(1));
                }
            }
        }
        map.putAll(kwargs);
        return map;
    }

    private static Object namespace(Interpreter in, List<Object> args, Map<String, Object> kwargs) {
        Namespace ns = new Namespace();
        dict("namespace", args, kwargs).forEach((k, v) -> ns.attributes().put(Py.str(k), v));
        return ns;
    }

    private static Object joiner(Interpreter in, List<Object> args, Map<String, Object> kwargs) {
        String separator = Params.of("joiner", args, kwargs, "sep").string(0, ", ");
        boolean[] used = {false};
        return (TemplateCallable) (interpreter, a, k) -> {
            if (!used[0]) {
                used[0] = true;
                return "";
            }
            return separator;
        };
    }

    private static Object raiseException(Interpreter in, List<Object> args, Map<String, Object> kwargs) {
        Object message = Params.of("raise_exception", args, kwargs, "message").required(0);
        throw new EvalError("TemplateError", Py.str(message));
    }

    private static Object strftimeNow(Interpreter in, List<Object> args, Map<String, Object> kwargs) {
        String format = Params.of("strftime_now", args, kwargs, "format").string(0, null);
        if (format == null) {
            throw EvalError.type("strftime_now() missing required argument 'format'");
        }
        return Strftime.format(ZonedDateTime.now(in.clock()), format);
    }
}
