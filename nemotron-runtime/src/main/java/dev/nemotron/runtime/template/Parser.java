package dev.nemotron.runtime.template;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.nemotron.runtime.template.Node.*;
import dev.nemotron.runtime.template.Token.Type;

/**
 * Parses tokens to the syntax tree by jinja2's grammar: the same operator precedence (tests and filters bind
 * tighter than {@code not}, {@code **} is left-associative, unary minus binds tighter than {@code **}), the
 * same statements, and the same error messages for unknown and unclosed tags.
 */
final class Parser {

    private static final int MAX_NESTING = 200;
    private static final Set<String> COMPARE_OPERATORS = Set.of("==", "!=", "<", "<=", ">", ">=");
    private static final Set<String> TAGS = Set.of("for", "if", "set", "macro", "call", "filter", "with",
            "generation", "break", "continue");
    private static final Set<String> UNSUPPORTED_TAGS = Set.of("extends", "block", "include", "import", "from");

    private final SourceText source;
    private final List<Token> tokens;
    private final Deque<List<String>> endTokenStack = new ArrayDeque<>();
    private final Deque<String> openTags = new ArrayDeque<>();
    private int index;
    private int loopDepth;
    private int nesting;
    /**
     * True inside an {@code if} statement or an inline if-expression (jinja2's "soft frame"), where an unknown
     * filter or test fails only if it is evaluated; a loop, macro or other block body starts a new frame.
     */
    private boolean soft;
    /** Unknown filter and test names outside soft frames: reported after parsing, as jinja2's compiler does. */
    private final List<TemplateException> unknownNames = new ArrayList<>();
    /** The names each macro body being parsed refers to (innermost first). */
    private final Deque<java.util.Set<String>> referencedNames = new ArrayDeque<>();

    private Parser(SourceText source, List<Token> tokens) {
        this.source = source;
        this.tokens = tokens;
    }

    static List<Stmt> parse(SourceText source) {
        Parser parser = new Parser(source, Lexer.tokenize(source));
        List<Stmt> body = parser.subparse(null);
        if (!parser.unknownNames.isEmpty()) {
            throw parser.unknownNames.getFirst();
        }
        return body;
    }

    private Token current() {
        return tokens.get(index);
    }

    private Token look() {
        return tokens.get(Math.min(index + 1, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(index);
        if (index < tokens.size() - 1) {
            index++;
        }
        return t;
    }

    private boolean skipOperator(String op) {
        if (current().isOperator(op)) {
            next();
            return true;
        }
        return false;
    }

    private boolean skipName(String name) {
        if (current().isName(name)) {
            next();
            return true;
        }
        return false;
    }

    private Token expect(Type type) {
        if (current().type() != type) {
            throw unexpected(describe(type));
        }
        return next();
    }

    private Token expectOperator(String op) {
        if (!current().isOperator(op)) {
            throw unexpected(op);
        }
        return next();
    }

    private void expectName(String name) {
        if (!current().isName(name)) {
            throw unexpected(name);
        }
        next();
    }

    private static String describe(Type type) {
        return new Token(type, type.name().toLowerCase(), null, 0).describe();
    }

    private TemplateException unexpected(String expected) {
        Token t = current();
        if (t.type() == Type.EOF) {
            return fail("unexpected end of template, expected " + Py.repr(expected) + ".", t);
        }
        return fail("expected token " + Py.repr(expected) + ", got " + Py.repr(t.describe()), t);
    }

    private TemplateException fail(String message, Token at) {
        return source.syntaxError(message, at.pos());
    }

    // ---- statements

    private List<Stmt> subparse(List<String> endTokens) {
        List<Stmt> body = new ArrayList<>();
        if (endTokens != null) {
            endTokenStack.push(endTokens);
        }
        while (true) {
            Token t = current();
            switch (t.type()) {
                case DATA -> body.add(new Text(next().text(), t.pos()));
                case VARIABLE_BEGIN -> {
                    next();
                    body.add(new Print(parseTuple(false, true, List.of(), false), t.pos()));
                    expect(Type.VARIABLE_END);
                }
                case BLOCK_BEGIN -> {
                    next();
                    if (endTokens != null && current().type() == Type.NAME
                            && endTokens.contains(current().text())) {
                        endTokenStack.pop();
                        return body;
                    }
                    body.add(parseStatement());
                    expect(Type.BLOCK_END);
                }
                case EOF -> {
                    if (endTokens != null) {
                        throw failUnknownTag(null, t);
                    }
                    return body;
                }
                default -> throw fail("unexpected " + Py.repr(t.describe()), t);
            }
        }
    }

    private TemplateException failUnknownTag(String name, Token at) {
        List<String> expected = new ArrayList<>();
        for (List<String> ends : endTokenStack) {
            expected.addAll(ends);
        }
        StringBuilder message = new StringBuilder(name == null ? "Unexpected end of template."
                : "Encountered unknown tag " + Py.repr(name) + ".");
        if (!endTokenStack.isEmpty()) {
            String looking = endTokenStack.peek().stream().map(Py::repr).collect(Collectors.joining(" or "));
            message.append(name != null && expected.contains(name)
                    ? " You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for "
                            + looking + "."
                    : " Jinja was looking for the following tags: " + looking + ".");
        }
        if (!openTags.isEmpty()) {
            message.append(" The innermost block that needs to be closed is ").append(Py.repr(openTags.peek()))
                    .append('.');
        }
        return fail(message.toString(), at);
    }

    private Stmt parseStatement() {
        Token t = current();
        if (t.type() != Type.NAME) {
            throw fail("tag name expected", t);
        }
        if (UNSUPPORTED_TAGS.contains(t.text())) {
            throw fail("the tag " + Py.repr(t.text()) + " is not supported in chat templates", t);
        }
        if (!TAGS.contains(t.text())) {
            throw failUnknownTag(t.text(), t);
        }
        if (++nesting > MAX_NESTING) {
            throw fail("blocks are nested deeper than " + MAX_NESTING + " levels", t);
        }
        openTags.push(t.text());
        try {
            return switch (t.text()) {
                case "for" -> parseFor();
                case "if" -> parseIf();
                case "set" -> parseSet();
                case "macro" -> parseMacro();
                case "call" -> parseCallBlock();
                case "filter" -> parseFilterBlock();
                case "with" -> parseWith();
                case "generation" -> {
                    next();
                    yield new Block(parseMacroBody(List.of("endgeneration")).statements, t.pos());
                }
                case "break", "continue" -> parseLoopControl(t);
                default -> throw new IllegalStateException(t.text());
            };
        } finally {
            openTags.pop();
            nesting--;
        }
    }

    /** The body of a block that is its own frame in jinja2 (loop, macro, call, filter, with, block set). */
    private List<Stmt> parseFrame(List<String> endTokens, boolean dropNeedle) {
        boolean saved = soft;
        soft = false;
        try {
            return parseStatements(endTokens, dropNeedle);
        } finally {
            soft = saved;
        }
    }

    private List<Stmt> parseStatements(List<String> endTokens, boolean dropNeedle) {
        skipOperator(":");
        expect(Type.BLOCK_END);
        List<Stmt> body = subparse(endTokens);
        if (current().type() == Type.EOF) {
            throw failUnknownTag(null, current());
        }
        if (dropNeedle) {
            next();
        }
        return body;
    }

    private Stmt parseLoopControl(Token t) {
        next();
        if (loopDepth == 0) {
            throw fail(Py.repr(t.text()) + " is only allowed inside a for loop", t);
        }
        return t.text().equals("break") ? new Break(t.pos()) : new Continue(t.pos());
    }

    private Stmt parseFor() {
        int pos = next().pos();
        Target target = parseAssignTarget(true, false, List.of("in"), false);
        expectName("in");
        Expr iterable = parseTuple(false, false, List.of("recursive"), false);
        boolean saved = soft;
        soft = false;
        Expr filter = skipName("if") ? parseExpression(true) : null;
        soft = saved;
        boolean recursive = skipName("recursive");
        loopDepth++;
        List<Stmt> body = parseFrame(List.of("endfor", "else"), false);
        loopDepth--;
        List<Stmt> otherwise = List.of();
        if (next().text().equals("else")) {
            otherwise = parseFrame(List.of("endfor"), true);
        }
        return new For(target, iterable, filter, body, otherwise, recursive, pos);
    }

    private Stmt parseIf() {
        boolean saved = soft;
        soft = true;
        try {
            return parseIfChain();
        } finally {
            soft = saved;
        }
    }

    private Stmt parseIfChain() {
        int pos = next().pos();
        List<Expr> tests = new ArrayList<>();
        List<List<Stmt>> bodies = new ArrayList<>();
        List<Stmt> otherwise = List.of();
        while (true) {
            tests.add(parseTuple(false, false, List.of(), false));
            bodies.add(parseStatements(List.of("elif", "else", "endif"), false));
            String tag = next().text();
            if (tag.equals("else")) {
                otherwise = parseStatements(List.of("endif"), true);
                break;
            }
            if (!tag.equals("elif")) {
                break;
            }
        }
        return new If(tests, bodies, otherwise, pos);
    }

    private Stmt parseSet() {
        int pos = next().pos();
        Target target = parseAssignTarget(true, false, List.of(), true);
        if (skipOperator("=")) {
            return new Assign(target, parseTuple(false, true, List.of(), false), pos);
        }
        Expr filter = current().isOperator("|") ? parseFilter(new Hole(pos), false) : null;
        return new AssignBlock(target, filter, parseFrame(List.of("endset"), true), pos);
    }

    private Stmt parseMacro() {
        int pos = next().pos();
        String name = expect(Type.NAME).text();
        List<String> params = new ArrayList<>();
        List<Expr> defaults = new ArrayList<>();
        parseSignature(params, defaults);
        MacroBody body = parseMacroBody(List.of("endmacro"));
        return new MacroDef(signature(name, params, defaults, body), body.statements, pos);
    }

    private record MacroBody(List<Stmt> statements, java.util.Set<String> names) {
    }

    /** A macro body is a new function: loop controls of an enclosing loop do not reach into it. */
    private MacroBody parseMacroBody(List<String> end) {
        int savedLoopDepth = loopDepth;
        loopDepth = 0;
        java.util.Set<String> names = new java.util.HashSet<>();
        referencedNames.push(names);
        try {
            return new MacroBody(parseFrame(end, true), names);
        } finally {
            referencedNames.pop();
            loopDepth = savedLoopDepth;
        }
    }

    private Stmt parseCallBlock() {
        int pos = next().pos();
        List<String> params = new ArrayList<>();
        List<Expr> defaults = new ArrayList<>();
        if (current().isOperator("(")) {
            parseSignature(params, defaults);
        }
        Token at = current();
        if (!(parseExpression(true) instanceof Call call)) {
            throw fail("expected call", at);
        }
        MacroBody body = parseMacroBody(List.of("endcall"));
        return new CallBlock(signature(null, params, defaults, body), call, body.statements, pos);
    }

    private static Signature signature(String name, List<String> params, List<Expr> defaults, MacroBody body) {
        return new Signature(name, List.copyOf(params), List.copyOf(defaults), body.names.contains("varargs"),
                body.names.contains("kwargs"), body.names.contains("caller"));
    }

    private void parseSignature(List<String> params, List<Expr> defaults) {
        expectOperator("(");
        while (!current().isOperator(")")) {
            if (!params.isEmpty()) {
                expectOperator(",");
            }
            Token name = expect(Type.NAME);
            if (skipOperator("=")) {
                defaults.add(parseExpression(true));
            } else if (!defaults.isEmpty()) {
                throw fail("non-default argument follows default argument", name);
            }
            params.add(name.text());
        }
        expectOperator(")");
    }

    private Stmt parseFilterBlock() {
        int pos = next().pos();
        Expr filter = parseFilter(new Hole(pos), true);
        return new FilterBlock(filter, parseFrame(List.of("endfilter"), true), pos);
    }

    private Stmt parseWith() {
        int pos = next().pos();
        List<Target> targets = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        while (current().type() != Type.BLOCK_END) {
            if (!targets.isEmpty()) {
                expectOperator(",");
            }
            targets.add(parseAssignTarget(true, false, List.of(), false));
            expectOperator("=");
            values.add(parseExpression(true));
        }
        return new With(targets, values, parseFrame(List.of("endwith"), true), pos);
    }

    private Target parseAssignTarget(boolean withTuple, boolean nameOnly, List<String> extraEnd,
            boolean withNamespace) {
        Token t = current();
        if (withNamespace && t.type() == Type.NAME && look().isOperator(".")) {
            next();
            next();
            return new AttrTarget(t.text(), expect(Type.NAME).text(), t.pos());
        }
        if (nameOnly) {
            return new NameTarget(expect(Type.NAME).text(), t.pos());
        }
        Expr expr = withTuple ? parseTuple(true, true, extraEnd, false) : parsePrimary();
        return toTarget(expr, t);
    }

    private Target toTarget(Expr expr, Token at) {
        return switch (expr) {
            case Name n when !List.of("true", "false", "none", "True", "False", "None").contains(n.name()) ->
                    new NameTarget(n.name(), n.pos());
            case TupleExpr t -> {
                List<Target> items = new ArrayList<>();
                for (Expr e : t.items()) {
                    items.add(toTarget(e, at));
                }
                yield new TupleTarget(items, t.pos());
            }
            default -> throw fail("can't assign to " + Py.repr(expr.getClass().getSimpleName().toLowerCase()), at);
        };
    }

    // ---- expressions

    private Expr parseExpression(boolean withCondition) {
        return nested(withCondition ? this::parseCondition : this::parseOr);
    }

    private Expr parseCondition() {
        int unknownBefore = unknownNames.size();
        Expr expr = parseOr();
        boolean saved = soft;
        while (current().isName("if")) {
            unknownNames.subList(unknownBefore, unknownNames.size()).clear();
            soft = true;
            int pos = next().pos();
            Expr test = parseOr();
            Expr otherwise = skipName("else") ? nested(this::parseCondition) : null;
            expr = new Cond(test, expr, otherwise, pos);
        }
        soft = saved;
        return expr;
    }

    private Expr parseOr() {
        Expr left = parseAnd();
        while (current().isName("or")) {
            int pos = next().pos();
            left = new Or(left, parseAnd(), pos);
        }
        return left;
    }

    private Expr parseAnd() {
        Expr left = parseNot();
        while (current().isName("and")) {
            int pos = next().pos();
            left = new And(left, parseNot(), pos);
        }
        return left;
    }

    private Expr parseNot() {
        if (current().isName("not")) {
            int pos = next().pos();
            return new Not(nested(this::parseNot), pos);
        }
        return parseCompare();
    }

    /** Parses a nested construct, refusing nesting so deep that it would exhaust the parser's stack. */
    private Expr nested(java.util.function.Supplier<Expr> parse) {
        if (++nesting > MAX_NESTING) {
            throw fail("expressions are nested deeper than " + MAX_NESTING + " levels", current());
        }
        try {
            return parse.get();
        } finally {
            nesting--;
        }
    }

    private Expr parseCompare() {
        Token start = current();
        Expr first = parseMath1();
        List<String> ops = new ArrayList<>();
        List<Expr> operands = new ArrayList<>();
        while (true) {
            Token t = current();
            if (t.type() == Type.OPERATOR && COMPARE_OPERATORS.contains(t.text())) {
                next();
                ops.add(t.text());
            } else if (t.isName("in")) {
                next();
                ops.add("in");
            } else if (t.isName("not") && look().isName("in")) {
                next();
                next();
                ops.add("not in");
            } else {
                break;
            }
            operands.add(parseMath1());
        }
        return ops.isEmpty() ? first : new Compare(first, ops, operands, start.pos());
    }

    private Expr parseMath1() {
        Expr left = parseConcat();
        while (current().isOperator("+") || current().isOperator("-")) {
            Token op = next();
            left = new Binary(op.text(), left, parseConcat(), op.pos());
        }
        return left;
    }

    private Expr parseConcat() {
        Token start = current();
        List<Expr> parts = new ArrayList<>();
        parts.add(parseMath2());
        while (skipOperator("~")) {
            parts.add(parseMath2());
        }
        return parts.size() == 1 ? parts.getFirst() : new Concat(parts, start.pos());
    }

    private Expr parseMath2() {
        Expr left = parsePow();
        while (current().type() == Type.OPERATOR && List.of("*", "/", "//", "%").contains(current().text())) {
            Token op = next();
            left = new Binary(op.text(), left, parsePow(), op.pos());
        }
        return left;
    }

    private Expr parsePow() {
        Expr left = parseUnary(true);
        while (current().isOperator("**")) {
            Token op = next();
            left = new Binary("**", left, parseUnary(true), op.pos());
        }
        return left;
    }

    private Expr parseUnary(boolean withFilter) {
        Token t = current();
        Expr node;
        if (t.isOperator("-") || t.isOperator("+")) {
            next();
            node = new Unary(t.text(), nested(() -> parseUnary(false)), t.pos());
        } else {
            node = parsePrimary();
        }
        node = parsePostfix(node);
        return withFilter ? parseFilterExpr(node) : node;
    }

    private Expr parsePrimary() {
        Token t = current();
        switch (t.type()) {
            case NAME -> {
                next();
                return switch (t.text()) {
                    case "true", "True" -> new Const(Boolean.TRUE, t.pos());
                    case "false", "False" -> new Const(Boolean.FALSE, t.pos());
                    case "none", "None" -> new Const(null, t.pos());
                    default -> {
                        referencedNames.forEach(names -> names.add(t.text()));
                        yield new Name(t.text(), t.pos());
                    }
                };
            }
            case STRING -> {
                StringBuilder text = new StringBuilder(next().text());
                while (current().type() == Type.STRING) {
                    text.append(next().text());
                }
                return new Const(text.toString(), t.pos());
            }
            case INTEGER, FLOAT -> {
                next();
                return new Const(t.value(), t.pos());
            }
            case OPERATOR -> {
                switch (t.text()) {
                    case "(" -> {
                        next();
                        Expr inner = parseTuple(false, true, List.of(), true);
                        expectOperator(")");
                        return inner;
                    }
                    case "[" -> {
                        return parseList();
                    }
                    case "{" -> {
                        return parseDict();
                    }
                    default -> throw fail("unexpected " + Py.repr(t.describe()), t);
                }
            }
            default -> throw fail("unexpected " + Py.repr(t.describe()), t);
        }
    }

    private Expr parseTuple(boolean simplified, boolean withCondition, List<String> extraEnd, boolean parenthesized) {
        Token start = current();
        List<Expr> items = new ArrayList<>();
        boolean isTuple = false;
        while (true) {
            if (!items.isEmpty()) {
                expectOperator(",");
            }
            if (isTupleEnd(extraEnd)) {
                break;
            }
            items.add(simplified ? parsePrimary() : parseExpression(withCondition));
            if (current().isOperator(",")) {
                isTuple = true;
            } else {
                break;
            }
        }
        if (!isTuple) {
            if (!items.isEmpty()) {
                return items.getFirst();
            }
            if (!parenthesized) {
                throw fail("Expected an expression, got " + Py.repr(current().describe()), current());
            }
        }
        return new TupleExpr(items, start.pos());
    }

    private boolean isTupleEnd(List<String> extraEnd) {
        Token t = current();
        return t.type() == Type.VARIABLE_END || t.type() == Type.BLOCK_END || t.isOperator(")")
                || (t.type() == Type.NAME && extraEnd.contains(t.text()));
    }

    private Expr parseList() {
        int pos = expectOperator("[").pos();
        List<Expr> items = new ArrayList<>();
        while (!current().isOperator("]")) {
            if (!items.isEmpty()) {
                expectOperator(",");
            }
            if (current().isOperator("]")) {
                break;
            }
            items.add(parseExpression(true));
        }
        expectOperator("]");
        return new ListExpr(items, pos);
    }

    private Expr parseDict() {
        int pos = expectOperator("{").pos();
        List<Expr> keys = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        while (!current().isOperator("}")) {
            if (!keys.isEmpty()) {
                expectOperator(",");
            }
            if (current().isOperator("}")) {
                break;
            }
            keys.add(parseExpression(true));
            expectOperator(":");
            values.add(parseExpression(true));
        }
        expectOperator("}");
        return new DictExpr(keys, values, pos);
    }

    private Expr parsePostfix(Expr node) {
        while (true) {
            Token t = current();
            if (t.isOperator(".") || t.isOperator("[")) {
                node = parseSubscript(node);
            } else if (t.isOperator("(")) {
                node = new Call(node, parseCallArgs(), t.pos());
            } else {
                return node;
            }
        }
    }

    private Expr parseFilterExpr(Expr node) {
        while (true) {
            Token t = current();
            if (t.isOperator("|")) {
                node = parseFilter(node, false);
            } else if (t.isName("is")) {
                node = parseTest(node);
            } else if (t.isOperator("(")) {
                node = new Call(node, parseCallArgs(), t.pos());
            } else {
                return node;
            }
        }
    }

    private Expr parseSubscript(Expr node) {
        Token t = next();
        if (t.isOperator(".")) {
            Token attr = next();
            if (attr.type() == Type.NAME) {
                return new Attr(node, attr.text(), attr.pos());
            }
            if (attr.type() != Type.INTEGER) {
                throw fail("expected name or number", attr);
            }
            return new Item(node, new Const(attr.value(), attr.pos()), attr.pos());
        }
        List<Expr> args = new ArrayList<>();
        while (!current().isOperator("]")) {
            if (!args.isEmpty()) {
                expectOperator(",");
            }
            args.add(parseSubscribed());
        }
        expectOperator("]");
        Expr key = args.size() == 1 ? args.getFirst() : new TupleExpr(args, t.pos());
        return new Item(node, key, t.pos());
    }

    private Expr parseSubscribed() {
        Token start = current();
        Expr first = null;
        if (!skipOperator(":")) {
            first = parseExpression(true);
            if (!skipOperator(":")) {
                return first;
            }
        }
        Expr stop = sliceEnd() ? null : parseExpression(true);
        Expr step = null;
        if (skipOperator(":") && !sliceEnd()) {
            step = parseExpression(true);
        }
        return new Slice(first, stop, step, start.pos());
    }

    private boolean sliceEnd() {
        return current().isOperator(":") || current().isOperator("]") || current().isOperator(",");
    }

    private Arguments parseCallArgs() {
        Token open = expectOperator("(");
        List<Expr> positional = new ArrayList<>();
        Map<String, Expr> keywords = new LinkedHashMap<>();
        Expr starArgs = null;
        Expr starKwargs = null;
        boolean requireComma = false;
        while (!current().isOperator(")")) {
            if (requireComma) {
                expectOperator(",");
                if (current().isOperator(")")) {
                    break;
                }
            }
            if (skipOperator("*")) {
                ensure(starArgs == null && starKwargs == null, open);
                starArgs = parseExpression(true);
            } else if (skipOperator("**")) {
                ensure(starKwargs == null, open);
                starKwargs = parseExpression(true);
            } else if (current().type() == Type.NAME && look().isOperator("=")) {
                ensure(starKwargs == null, open);
                String key = next().text();
                next();
                keywords.put(key, parseExpression(true));
            } else {
                ensure(starArgs == null && starKwargs == null && keywords.isEmpty(), open);
                positional.add(parseExpression(true));
            }
            requireComma = true;
        }
        expectOperator(")");
        return new Arguments(positional, keywords, starArgs, starKwargs);
    }

    private void ensure(boolean condition, Token at) {
        if (!condition) {
            throw fail("invalid syntax for function call expression", at);
        }
    }

    private Expr parseFilter(Expr node, boolean startInline) {
        while (current().isOperator("|") || startInline) {
            if (!startInline) {
                next();
            }
            Token name = expect(Type.NAME);
            String filter = dottedName(name);
            checkName(Filters.exists(filter), "filter", filter, name);
            Arguments args = current().isOperator("(") ? parseCallArgs() : Arguments.NONE;
            node = new Apply(false, node, filter, args, name.pos());
            startInline = false;
        }
        return node;
    }

    private void checkName(boolean exists, String what, String name, Token at) {
        if (!exists && !soft) {
            unknownNames.add(source.error("TemplateAssertionError", "No " + what + " named " + Py.repr(name) + ".",
                    at.pos()));
        }
    }

    private String dottedName(Token name) {
        StringBuilder dotted = new StringBuilder(name.text());
        while (skipOperator(".")) {
            dotted.append('.').append(expect(Type.NAME).text());
        }
        return dotted.toString();
    }

    private Expr parseTest(Expr node) {
        Token is = next();
        boolean negated = skipName("not");
        Token name = expect(Type.NAME);
        String test = dottedName(name);
        checkName(Tests.exists(test), "test", test, name);
        Arguments args = Arguments.NONE;
        Token t = current();
        if (t.isOperator("(")) {
            args = parseCallArgs();
        } else if ((t.type() == Type.NAME || t.type() == Type.STRING || t.type() == Type.INTEGER
                || t.type() == Type.FLOAT || t.isOperator("[") || t.isOperator("{"))
                && !t.isName("else") && !t.isName("or") && !t.isName("and")) {
            if (t.isName("is")) {
                throw fail("You cannot chain multiple tests with is", t);
            }
            args = new Arguments(List.of(parsePostfix(parsePrimary())), Map.of(), null, null);
        }
        Expr apply = new Apply(true, node, test, args, name.pos());
        return negated ? new Not(apply, is.pos()) : apply;
    }
}
