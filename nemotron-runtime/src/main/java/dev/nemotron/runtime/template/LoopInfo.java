package dev.nemotron.runtime.template;

import java.util.List;
import java.util.Map;

/**
 * The {@code loop} variable of a {@code for} loop. One instance serves the whole loop (its index moves on), so
 * {@code loop.changed()} can remember the previous value; calling it recurses in a {@code recursive} loop.
 */
final class LoopInfo implements TemplateCallable {

    /** Renders the loop body over new items one level deeper, for {@code loop(children)}. */
    interface Recursion {
        String render(Object items, int depth);
    }

    private final List<Object> items;
    private final int depth;
    private final Recursion recursion;
    private int index;
    private Object lastChanged = Undefined.because("no previous value");

    LoopInfo(List<Object> items, int depth, Recursion recursion) {
        this.items = items;
        this.depth = depth;
        this.recursion = recursion;
    }

    void moveTo(int i) {
        index = i;
    }

    Object attribute(String name) {
        int length = items.size();
        return switch (name) {
            case "index" -> (long) index + 1;
            case "index0" -> (long) index;
            case "revindex" -> (long) (length - index);
            case "revindex0" -> (long) (length - index - 1);
            case "first" -> index == 0;
            case "last" -> index == length - 1;
            case "length" -> (long) length;
            case "depth" -> (long) depth;
            case "depth0" -> (long) depth - 1;
            case "previtem" -> index > 0 ? items.get(index - 1) : Undefined.because("there is no previous item");
            case "nextitem" -> index < length - 1 ? items.get(index + 1) : Undefined.because("there is no next item");
            case "cycle" -> (TemplateCallable) (in, args, kwargs) -> {
                if (args.isEmpty()) {
                    throw EvalError.type("no items for cycling given");
                }
                return args.get(index % args.size());
            };
            case "changed" -> (TemplateCallable) (in, args, kwargs) -> {
                Object value = args.size() == 1 ? args.getFirst() : new Tuple(args);
                boolean changed = !Py.equal(value, lastChanged);
                lastChanged = value;
                return changed;
            };
            default -> Undefined.missing(this, name);
        };
    }

    @Override
    public Object call(Interpreter interpreter, List<Object> args, Map<String, Object> kwargs) {
        if (recursion == null) {
            throw EvalError.type("The loop must have the 'recursive' marker to be called recursively.");
        }
        if (args.size() != 1 || !kwargs.isEmpty()) {
            throw EvalError.type("loop() takes exactly one argument: the items to loop over");
        }
        return recursion.render(args.getFirst(), depth + 1);
    }

    @Override
    public String toString() {
        return "<LoopContext " + (index + 1) + "/" + items.size() + ">";
    }
}
