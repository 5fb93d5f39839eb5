package dev.nemotron.runtime.template;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.nemotron.runtime.template.Node.*;

/**
 * Executes a parsed template for one render, counting steps, output and macro depth against the sandbox
 * limits. Failures become {@link TemplateException}s at the innermost statement or expression that raised them.
 */
final class Interpreter {

    private enum Flow { NORMAL, BREAK, CONTINUE }

    private final SourceText source;
    private final TemplateLimits limits;
    private final Clock clock;
    private long steps;
    private long produced;
    private int callDepth;
    private Object hole;

    Interpreter(SourceText source, TemplateLimits limits, Clock clock) {
        this.source = source;
        this.limits = limits;
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    TemplateLimits limits() {
        return limits;
    }

    String render(List<Stmt> body, Map<String, ?> variables) {
        Scope top = new Scope(Globals.scope());
        variables.forEach((name, value) -> top.set(name, Py.fromJava(value, name)));
        StringBuilder out = new StringBuilder();
        exec(body, top, out);
        return out.toString();
    }

    /** Fails if a string or list of {@code size} would exceed the output limit. */
    void checkSize(long size) {
        if (size > limits.maxOutputChars()) {
            throw new EvalError("LimitExceeded", "a value of " + size + " characters or items exceeds the sandbox "
                    + "limit of " + limits.maxOutputChars() + " (maxOutputChars)");
        }
    }

    private void step() {
        if (++steps > limits.maxSteps()) {
            throw new EvalError("LimitExceeded", "the template ran more than " + limits.maxSteps()
                    + " evaluation steps (sandbox limit maxSteps)");
        }
    }

    private void write(StringBuilder out, String text) {
        produced += text.length();
        if (produced > limits.maxOutputChars()) {
            throw new EvalError("LimitExceeded", "the template produced more than " + limits.maxOutputChars()
                    + " characters (sandbox limit maxOutputChars)");
        }
        out.append(text);
    }

    private TemplateException positioned(EvalError error, int pos) {
        return source.error(error.kind(), error.getMessage(), pos);
    }

    // ---- statements

    private Flow exec(List<Stmt> body, Scope scope, StringBuilder out) {
        for (Stmt stmt : body) {
            Flow flow;
            try {
                step();
                flow = execOne(stmt, scope, out);
            } catch (EvalError e) {
                throw positioned(e, stmt.pos());
            }
            if (flow != Flow.NORMAL) {
                return flow;
            }
        }
        return Flow.NORMAL;
    }

    private Flow execOne(Stmt stmt, Scope scope, StringBuilder out) {
        switch (stmt) {
            case Text t -> write(out, t.text());
            case Print p -> write(out, Py.str(eval(p.value(), scope)));
            case If i -> {
                for (int k = 0; k < i.tests().size(); k++) {
                    if (Py.truthy(eval(i.tests().get(k), scope))) {
                        return exec(i.bodies().get(k), scope, out);
                    }
                }
                return exec(i.otherwise(), scope, out);
            }
            case For f -> {
                return loop(f, eval(f.iterable(), scope), scope, out, 1);
            }
            case Assign a -> assign(a.target(), eval(a.value(), scope), scope);
            case AssignBlock a -> {
                StringBuilder buffer = new StringBuilder();
                Flow flow = exec(a.body(), new Scope(scope), buffer);
                if (flow != Flow.NORMAL) {
                    return flow;
                }
                String value = buffer.toString();
                assign(a.target(), a.filter() == null ? value : fill(a.filter(), value, scope), scope);
            }
            case MacroDef m -> scope.set(m.signature().name(), new Macro(m.signature(), m.body(), scope));
            case CallBlock c -> {
                Macro caller = new Macro(c.signature(), c.body(), scope);
                Object callee = eval(c.call().callee(), scope);
                Args args = args(c.call().arguments(), scope);
                args.keywords.put("caller", caller);
                write(out, Py.str(call(callee, args)));
            }
            case FilterBlock f -> {
                StringBuilder buffer = new StringBuilder();
                Flow flow = exec(f.body(), new Scope(scope), buffer);
                if (flow != Flow.NORMAL) {
                    return flow;
                }
                write(out, Py.str(fill(f.filter(), buffer.toString(), scope)));
            }
            case With w -> {
                Scope inner = new Scope(scope);
                for (int k = 0; k < w.targets().size(); k++) {
                    assign(w.targets().get(k), eval(w.values().get(k), scope), inner);
                }
                return exec(w.body(), inner, out);
            }
            case Block b -> {
                return exec(b.body(), new Scope(scope), out);
            }
            case Break b -> {
                return Flow.BREAK;
            }
            case Continue c -> {
                return Flow.CONTINUE;
            }
        }
        return Flow.NORMAL;
    }

    /**
     * Renders a macro body into a string. Block sets and filter blocks render into a buffer too, but inline:
     * a loop control inside them ends the enclosing loop, as in jinja2's generated code.
     */
    private String capture(List<Stmt> body, Scope scope) {
        StringBuilder buffer = new StringBuilder();
        exec(body, scope, buffer);
        return buffer.toString();
    }

    /** Evaluates a filter chain of a filter block or block set, whose innermost value is {@code value}. */
    private Object fill(Expr filter, Object value, Scope scope) {
        hole = value;
        return eval(filter, scope);
    }

    private Flow loop(For f, Object iterable, Scope scope, StringBuilder out, int depth) {
        List<Object> items = Py.iterate(iterable);
        if (f.filter() != null) {
            List<Object> kept = new ArrayList<>();
            for (Object item : items) {
                step();
                Scope probe = new Scope(scope);
                assign(f.target(), item, probe);
                if (Py.truthy(eval(f.filter(), probe))) {
                    kept.add(item);
                }
            }
            items = kept;
        }
        LoopInfo.Recursion recursion = f.recursive() ? (children, level) -> recurse(f, children, scope, level) : null;
        LoopInfo info = new LoopInfo(items, depth, recursion);
        boolean completedAnIteration = false;
        for (int i = 0; i < items.size(); i++) {
            step();
            Scope iteration = new Scope(scope);
            assign(f.target(), items.get(i), iteration);
            info.moveTo(i);
            iteration.set("loop", info);
            Flow flow = exec(f.body(), iteration, out);
            if (flow == Flow.BREAK) {
                break;
            }
            completedAnIteration |= flow == Flow.NORMAL;
        }
        // jinja2 runs the else block unless some iteration reached the end of the body, so also after a break or
        // continue in every iteration.
        return completedAnIteration ? Flow.NORMAL : exec(f.otherwise(), new Scope(scope), out);
    }

    private String recurse(For f, Object children, Scope scope, int depth) {
        enterCall();
        try {
            StringBuilder buffer = new StringBuilder();
            loop(f, children, scope, buffer, depth);
            return buffer.toString();
        } finally {
            callDepth--;
        }
    }

    private void enterCall() {
        if (++callDepth > limits.maxCallDepth()) {
            callDepth--;
            throw new EvalError("LimitExceeded", "macro calls or recursive loops are nested deeper than "
                    + limits.maxCallDepth() + " (sandbox limit maxCallDepth)");
        }
    }

    private void assign(Target target, Object value, Scope scope) {
        switch (target) {
            case NameTarget n -> scope.set(n.name(), value);
            case AttrTarget a -> {
                if (!(scope.lookup(a.name()) instanceof Namespace ns)) {
                    throw new EvalError("TemplateRuntimeError", "cannot assign attribute on non-namespace object");
                }
                ns.attributes().put(a.attribute(), value);
            }
            case TupleTarget t -> {
                if (!Py.isIterable(value)) {
                    throw EvalError.type("cannot unpack non-iterable " + Py.typeName(value) + " object");
                }
                List<Object> values = Py.iterate(value);
                int expected = t.items().size();
                if (values.size() < expected) {
                    throw EvalError.value("not enough values to unpack (expected " + expected + ", got "
                            + values.size() + ")");
                }
                if (values.size() > expected) {
                    throw EvalError.value("too many values to unpack (expected " + expected + ")");
                }
                for (int i = 0; i < expected; i++) {
                    assign(t.items().get(i), values.get(i), scope);
                }
            }
        }
    }

    Object callMacro(Macro macro, List<Object> args, Map<String, Object> kwargs) {
        Signature sig = macro.signature();
        List<String> params = sig.params();
        if (args.size() > params.size() && !sig.catchVarargs()) {
            throw EvalError.type("macro " + Py.repr(sig.name()) + " takes not more than " + params.size()
                    + " argument(s)");
        }
        enterCall();
        try {
            Scope frame = new Scope(macro.closure());
            Object[] bound = new Object[params.size()];
            boolean[] given = new boolean[params.size()];
            for (int i = 0; i < Math.min(args.size(), params.size()); i++) {
                bound[i] = args.get(i);
                given[i] = true;
            }
            Map<String, Object> extra = bindKeywords(sig, kwargs, bound, given, frame);
            int firstDefault = params.size() - sig.defaults().size();
            for (int i = 0; i < params.size(); i++) {
                if (!given[i]) {
                    bound[i] = i >= firstDefault ? eval(sig.defaults().get(i - firstDefault), frame)
                            : Undefined.because("parameter " + Py.repr(params.get(i)) + " was not provided");
                }
                frame.set(params.get(i), bound[i]);
            }
            if (sig.catchVarargs()) {
                frame.set("varargs", new Tuple(args.size() > params.size()
                        ? new ArrayList<>(args.subList(params.size(), args.size())) : List.of()));
            }
            if (sig.catchKwargs()) {
                frame.set("kwargs", extra);
            }
            return capture(macro.body(), frame);
        } finally {
            callDepth--;
        }
    }

    private static Map<String, Object> bindKeywords(Signature sig, Map<String, Object> kwargs, Object[] bound,
            boolean[] given, Scope frame) {
        Map<String, Object> extra = new LinkedHashMap<>();
        for (Map.Entry<String, Object> kw : kwargs.entrySet()) {
            int at = sig.params().indexOf(kw.getKey());
            if (at >= 0) {
                if (given[at]) {
                    throw EvalError.type("macro " + Py.repr(sig.name()) + " got multiple values for argument "
                            + Py.repr(kw.getKey()));
                }
                bound[at] = kw.getValue();
                given[at] = true;
            } else if (kw.getKey().equals("caller") && sig.catchCaller()) {
                frame.set("caller", kw.getValue());
            } else if (sig.catchKwargs()) {
                extra.put(kw.getKey(), kw.getValue());
            } else if (kw.getKey().equals("caller")) {
                throw EvalError.type("macro " + Py.repr(sig.name()) + " was invoked with two values for the special"
                        + " caller argument. This is most likely a bug.");
            } else {
                throw EvalError.type("macro " + Py.repr(sig.name()) + " takes no keyword argument "
                        + Py.repr(kw.getKey()));
            }
        }
        return extra;
    }

    // ---- expressions

    Object eval(Expr expr, Scope scope) {
        try {
            step();
            return evalOne(expr, scope);
        } catch (EvalError e) {
            throw positioned(e, expr.pos());
        }
    }

    private Object evalOne(Expr expr, Scope scope) {
        return switch (expr) {
            case Const c -> c.value();
            case Name n -> scope.lookup(n.name());
            case Hole h -> hole;
            case Attr a -> Access.attribute(eval(a.target(), scope), a.name());
            case Item i -> i.key() instanceof Slice s
                    ? Access.slice(eval(i.target(), scope), optional(s.start(), scope), optional(s.stop(), scope),
                            optional(s.step(), scope))
                    : Access.item(eval(i.target(), scope), eval(i.key(), scope));
            case Slice s -> throw EvalError.type("a slice is only allowed inside [ ]");
            case ListExpr l -> {
                List<Object> items = new ArrayList<>(l.items().size());
                for (Expr e : l.items()) {
                    items.add(eval(e, scope));
                }
                yield items;
            }
            case TupleExpr t -> {
                List<Object> items = new ArrayList<>(t.items().size());
                for (Expr e : t.items()) {
                    items.add(eval(e, scope));
                }
                yield new Tuple(items);
            }
            case DictExpr d -> {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int k = 0; k < d.keys().size(); k++) {
                    Access.put(map, eval(d.keys().get(k), scope), eval(d.values().get(k), scope));
                }
                yield map;
            }
            case Unary u -> Operators.unary(u.op(), eval(u.operand(), scope));
            case Not n -> !Py.truthy(eval(n.operand(), scope));
            case Binary b -> Operators.binary(b.op(), eval(b.left(), scope), eval(b.right(), scope), this);
            case Concat c -> {
                StringBuilder text = new StringBuilder();
                for (Expr part : c.parts()) {
                    text.append(Py.str(eval(part, scope)));
                    checkSize(text.length());
                }
                yield text.toString();
            }
            case And a -> {
                Object left = eval(a.left(), scope);
                yield Py.truthy(left) ? eval(a.right(), scope) : left;
            }
            case Or o -> {
                Object left = eval(o.left(), scope);
                yield Py.truthy(left) ? left : eval(o.right(), scope);
            }
            case Compare c -> compare(c, scope);
            case Cond c -> Py.truthy(eval(c.test(), scope)) ? eval(c.then(), scope)
                    : c.otherwise() != null ? eval(c.otherwise(), scope)
                    : Undefined.because("the inline if-expression on line " + source.line(c.pos())
                            + " evaluated to false and no else section was defined.");
            case Apply a -> {
                Object value = eval(a.target(), scope);
                Args args = args(a.arguments(), scope);
                yield a.test() ? (Object) Tests.apply(this, a.name(), value, args.positional, args.keywords)
                        : Filters.apply(this, a.name(), value, args.positional, args.keywords);
            }
            case Call c -> call(eval(c.callee(), scope), args(c.arguments(), scope));
        };
    }

    private Object optional(Expr expr, Scope scope) {
        return expr == null ? null : eval(expr, scope);
    }

    private Object compare(Compare c, Scope scope) {
        Object left = eval(c.first(), scope);
        for (int k = 0; k < c.ops().size(); k++) {
            Object right = eval(c.operands().get(k), scope);
            if (!compareOnce(c.ops().get(k), left, right)) {
                return false;
            }
            left = right;
        }
        return true;
    }

    static boolean compareOnce(String op, Object left, Object right) {
        return switch (op) {
            case "==" -> Py.equal(left, right);
            case "!=" -> !Py.equal(left, right);
            case "<" -> Py.compare(left, right, op) < 0;
            case "<=" -> Py.compare(left, right, op) <= 0;
            case ">" -> Py.compare(left, right, op) > 0;
            case ">=" -> Py.compare(left, right, op) >= 0;
            case "in" -> Operators.contains(right, left);
            case "not in" -> !Operators.contains(right, left);
            default -> throw new IllegalStateException(op);
        };
    }

    private record Args(List<Object> positional, Map<String, Object> keywords) {
    }

    private Args args(Arguments arguments, Scope scope) {
        List<Object> positional = new ArrayList<>(arguments.positional().size());
        for (Expr e : arguments.positional()) {
            positional.add(eval(e, scope));
        }
        if (arguments.starArgs() != null) {
            positional.addAll(Py.iterate(eval(arguments.starArgs(), scope)));
        }
        Map<String, Object> keywords = new LinkedHashMap<>();
        arguments.keywords().forEach((name, e) -> keywords.put(name, eval(e, scope)));
        if (arguments.starKwargs() != null) {
            if (!(eval(arguments.starKwargs(), scope) instanceof Map<?, ?> extra)) {
                throw EvalError.type("argument after ** must be a mapping");
            }
            extra.forEach((k, v) -> keywords.put(Py.str(k), v));
        }
        return new Args(positional, keywords);
    }

    private Object call(Object callee, Args args) {
        return call(callee, args.positional, args.keywords);
    }

    Object call(Object callee, List<Object> positional, Map<String, Object> keywords) {
        if (callee instanceof TemplateCallable c) {
            return c.call(this, positional, keywords);
        }
        if (callee instanceof Undefined u) {
            throw u.fail();
        }
        throw EvalError.type(Py.repr(Py.typeName(callee)) + " object is not callable");
    }
}
