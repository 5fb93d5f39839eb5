package dev.nemotron.runtime.template;

import java.util.List;
import java.util.Map;

/** The syntax tree of a parsed template: statements and expressions, each with its source offset. */
sealed interface Node {

    /** Offset in the normalised source, for error positions. */
    int pos();

    /** Something a template executes. */
    sealed interface Stmt extends Node {
    }

    /** Something a template evaluates to a value. */
    sealed interface Expr extends Node {
    }

    /** What {@code set}, {@code for} and {@code with} assign to. */
    sealed interface Target extends Node {
    }

    record NameTarget(String name, int pos) implements Target {
    }

    /** {@code ns.attr}: the only attribute a template may assign, on a namespace. */
    record AttrTarget(String name, String attribute, int pos) implements Target {
    }

    record TupleTarget(List<Target> items, int pos) implements Target {
    }

    record Text(String text, int pos) implements Stmt {
    }

    record Print(Expr value, int pos) implements Stmt {
    }

    record If(List<Expr> tests, List<List<Stmt>> bodies, List<Stmt> otherwise, int pos) implements Stmt {
    }

    record For(Target target, Expr iterable, Expr filter, List<Stmt> body, List<Stmt> otherwise, boolean recursive,
            int pos) implements Stmt {
    }

    record Assign(Target target, Expr value, int pos) implements Stmt {
    }

    /** {@code {% set x | filters %}body{% endset %}}; {@code filter} applies to a {@link Hole}, or is null. */
    record AssignBlock(Target target, Expr filter, List<Stmt> body, int pos) implements Stmt {
    }

    record MacroDef(Signature signature, List<Stmt> body, int pos) implements Stmt {
    }

    record CallBlock(Signature signature, Call call, List<Stmt> body, int pos) implements Stmt {
    }

    record FilterBlock(Expr filter, List<Stmt> body, int pos) implements Stmt {
    }

    record With(List<Target> targets, List<Expr> values, List<Stmt> body, int pos) implements Stmt {
    }

    /** transformers' {@code {% generation %}} block: its body, in a scope of its own as a call block's body. */
    record Block(List<Stmt> body, int pos) implements Stmt {
    }

    record Break(int pos) implements Stmt {
    }

    record Continue(int pos) implements Stmt {
    }

    /**
     * A macro's parameters ({@code name} is null for a call block's body); {@code defaults} belong to the last
     * parameters. {@code catchVarargs},
     * {@code catchKwargs} and {@code catchCaller} say whether the body uses {@code varargs}, {@code kwargs},
     * {@code caller}, which decides (as in jinja2) whether extra arguments are accepted.
     */
    record Signature(String name, List<String> params, List<Expr> defaults, boolean catchVarargs, boolean catchKwargs,
            boolean catchCaller) {
    }

    record Const(Object value, int pos) implements Expr {
    }

    record Name(String name, int pos) implements Expr {
    }

    /** The value a filter block or a block set filters. */
    record Hole(int pos) implements Expr {
    }

    record Attr(Expr target, String name, int pos) implements Expr {
    }

    record Item(Expr target, Expr key, int pos) implements Expr {
    }

    record Slice(Expr start, Expr stop, Expr step, int pos) implements Expr {
    }

    record ListExpr(List<Expr> items, int pos) implements Expr {
    }

    record TupleExpr(List<Expr> items, int pos) implements Expr {
    }

    record DictExpr(List<Expr> keys, List<Expr> values, int pos) implements Expr {
    }

    record Unary(String op, Expr operand, int pos) implements Expr {
    }

    record Not(Expr operand, int pos) implements Expr {
    }

    record Binary(String op, Expr left, Expr right, int pos) implements Expr {
    }

    record Concat(List<Expr> parts, int pos) implements Expr {
    }

    record And(Expr left, Expr right, int pos) implements Expr {
    }

    record Or(Expr left, Expr right, int pos) implements Expr {
    }

    record Compare(Expr first, List<String> ops, List<Expr> operands, int pos) implements Expr {
    }

    record Cond(Expr test, Expr then, Expr otherwise, int pos) implements Expr {
    }

    /** A filter ({@code x | name(args)}) or test ({@code x is name(args)}) application. */
    record Apply(boolean test, Expr target, String name, Arguments arguments, int pos) implements Expr {
    }

    record Call(Expr callee, Arguments arguments, int pos) implements Expr {
    }

    /** Call arguments: positional, keyword, and the {@code *args} / {@code **kwargs} expressions (or null). */
    record Arguments(List<Expr> positional, Map<String, Expr> keywords, Expr starArgs, Expr starKwargs) {

        static final Arguments NONE = new Arguments(List.of(), Map.of(), null, null);
    }
}
