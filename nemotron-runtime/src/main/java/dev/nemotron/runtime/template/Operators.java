package dev.nemotron.runtime.template;

import java.util.ArrayList;
import java.util.List;

/**
 * Python's arithmetic on template values: {@code bool} counts as an int, {@code /} always gives a float,
 * {@code //} and {@code %} round toward negative infinity, {@code +} and {@code *} also join and repeat strings,
 * lists and tuples. Python ints are unbounded; here they are 64-bit and an overflow is an error, not a wrap.
 */
final class Operators {

    private Operators() {
    }

    static Object binary(String op, Object a, Object b, Interpreter in) {
        if (a instanceof Undefined u) {
            throw u.fail();
        }
        if (b instanceof Undefined u) {
            throw u.fail();
        }
        if (Py.isNumber(a) && Py.isNumber(b)) {
            return Py.isInt(a) && Py.isInt(b) ? integer(op, Py.toLong(a), Py.toLong(b))
                    : floating(op, Py.toDouble(a), Py.toDouble(b));
        }
        if (op.equals("+")) {
            return concatenate(a, b, in);
        }
        if (op.equals("%") && a instanceof String format) {
            return Printf.format(in, format, b, false);
        }
        if (op.equals("%") && a instanceof Markup format) {
            return new Markup(Printf.format(in, format.text(), b, true));
        }
        if (op.equals("*")) {
            if (Py.isInt(b) && isSequence(a)) {
                return repeat(a, Py.toLong(b), in);
            }
            if (Py.isInt(a) && isSequence(b)) {
                return repeat(b, Py.toLong(a), in);
            }
            if (isSequence(a) || isSequence(b)) {
                throw EvalError.type("can't multiply sequence by non-int of type "
                        + Py.repr(Py.typeName(isSequence(a) ? b : a)));
            }
        }
        throw unsupported(op, a, b);
    }

    private static EvalError unsupported(String op, Object a, Object b) {
        return EvalError.type("unsupported operand type(s) for " + (op.equals("**") ? "** or pow()" : op) + ": "
                + Py.repr(Py.typeName(a)) + " and " + Py.repr(Py.typeName(b)));
    }

    private static Object integer(String op, long a, long b) {
        try {
            return switch (op) {
                case "+" -> Math.addExact(a, b);
                case "-" -> Math.subtractExact(a, b);
                case "*" -> Math.multiplyExact(a, b);
                case "/" -> {
                    if (b == 0) {
                        throw new EvalError("ZeroDivisionError", "division by zero");
                    }
                    yield (double) a / (double) b;
                }
                case "//" -> Math.floorDiv(a, nonZero(b, "integer division or modulo by zero"));
                case "%" -> Math.floorMod(a, nonZero(b, "integer modulo by zero"));
                case "**" -> b >= 0 ? (Object) power(a, b) : (Object) floating(op, a, b);
                default -> throw new IllegalStateException(op);
            };
        } catch (ArithmeticException e) {
            throw new EvalError("OverflowError", "integer result of " + a + " " + op + " " + b
                    + " exceeds 64 bits (template integers are 64-bit)");
        }
    }

    private static long nonZero(long b, String message) {
        if (b == 0) {
            throw new EvalError("ZeroDivisionError", message);
        }
        return b;
    }

    /** Square-and-multiply; an intermediate square only overflows when the result would. */
    private static long power(long base, long exponent) {
        long result = 1;
        long square = base;
        for (long e = exponent; e > 0; e >>= 1) {
            if ((e & 1) == 1) {
                result = Math.multiplyExact(result, square);
            }
            if (e > 1) {
                square = Math.multiplyExact(square, square);
            }
        }
        return result;
    }

    private static double floating(String op, double a, double b) {
        return switch (op) {
            case "+" -> a + b;
            case "-" -> a - b;
            case "*" -> a * b;
            case "/" -> a / nonZero(b, "float division by zero");
            case "//" -> Math.floor(a / nonZero(b, "float floor division by zero"));
            case "%" -> {
                double r = a % nonZero(b, "float modulo");
                yield r == 0 ? Math.copySign(0.0, b) : (r < 0) != (b < 0) ? r + b : r;
            }
            case "**" -> {
                if (a == 0 && b < 0) {
                    throw new EvalError("ZeroDivisionError", "0.0 cannot be raised to a negative power");
                }
                double power = Math.pow(a, b);
                if (Double.isInfinite(power) && Double.isFinite(a) && Double.isFinite(b)) {
                    throw new EvalError("OverflowError", "(34, 'Numerical result out of range')");
                }
                if (Double.isNaN(power) && !Double.isNaN(a) && !Double.isNaN(b)) {
                    throw EvalError.value("a negative number raised to a fractional power is complex, which "
                            + "templates do not support");
                }
                yield power;
            }
            default -> throw new IllegalStateException(op);
        };
    }

    private static double nonZero(double b, String message) {
        if (b == 0) {
            throw new EvalError("ZeroDivisionError", message);
        }
        return b;
    }

    private static Object concatenate(Object a, Object b, Interpreter in) {
        if ((a instanceof Markup || b instanceof Markup) && Py.isString(a) && Py.isString(b)) {
            String joined = Markup.escapedText(a) + Markup.escapedText(b);
            in.checkSize(joined.length());
            return new Markup(joined);
        }
        if (a instanceof String s && b instanceof String t) {
            in.checkSize((long) s.length() + t.length());
            return s + t;
        }
        if (a instanceof List<?> l && b instanceof List<?> m) {
            in.checkSize((long) l.size() + m.size());
            List<Object> joined = new ArrayList<>(l);
            joined.addAll(m);
            return joined;
        }
        if (a instanceof Tuple t && b instanceof Tuple u) {
            in.checkSize((long) t.items().size() + u.items().size());
            List<Object> joined = new ArrayList<>(t.items());
            joined.addAll(u.items());
            return new Tuple(joined);
        }
        if (a instanceof String || a instanceof List<?> || a instanceof Tuple) {
            throw EvalError.type("can only concatenate " + Py.typeName(a) + " (not " + '"' + Py.typeName(b) + '"'
                    + ") to " + Py.typeName(a));
        }
        throw unsupported("+", a, b);
    }

    private static boolean isSequence(Object o) {
        return Py.isString(o) || o instanceof List<?> || o instanceof Tuple;
    }

    private static Object repeat(Object sequence, long times, Interpreter in) {
        long n = Math.max(0, times);
        return switch (sequence) {
            case String s -> {
                in.checkSize(s.length() * Math.min(n, Integer.MAX_VALUE));
                yield s.repeat((int) n);
            }
            case Markup m -> new Markup((String) repeat(m.text(), times, in));
            case List<?> l -> repeated(l, n, in);
            case Tuple t -> new Tuple(repeated(t.items(), n, in));
            default -> throw new IllegalStateException(Py.typeName(sequence));
        };
    }

    private static List<Object> repeated(List<?> items, long n, Interpreter in) {
        in.checkSize(items.size() * Math.min(n, Integer.MAX_VALUE));
        List<Object> out = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            out.addAll(items);
        }
        return out;
    }

    static Object unary(String op, Object value) {
        if (value instanceof Undefined u) {
            throw u.fail();
        }
        if (!Py.isNumber(value)) {
            throw EvalError.type("bad operand type for unary " + op + ": " + Py.repr(Py.typeName(value)));
        }
        if (op.equals("+")) {
            return value instanceof Boolean ? (Object) Py.toLong(value) : value;
        }
        if (value instanceof Double d) {
            return -d;
        }
        long v = Py.toLong(value);
        if (v == Long.MIN_VALUE) {
            throw new EvalError("OverflowError", "integer result of -" + v + " exceeds 64 bits");
        }
        return -v;
    }

    private static boolean containsText(String s, Object item) {
        if (!Py.isString(item)) {
            throw EvalError.type("'in <string>' requires string as left operand, not " + Py.typeName(item));
        }
        return s.contains(Py.text(item));
    }

    private static boolean containsKey(java.util.Map<?, ?> map, Object key) {
        Access.hashable(key);
        return map.containsKey(key) || map.keySet().stream().anyMatch(k -> Py.equal(k, key));
    }

    /** Python's {@code in}: substring, list or tuple membership by equality, dict key membership. */
    static boolean contains(Object container, Object item) {
        return switch (container) {
            case String s -> containsText(s, item);
            case Markup m -> containsText(m.text(), item);
            case List<?> l -> l.stream().anyMatch(x -> Py.equal(x, item));
            case Tuple t -> t.items().stream().anyMatch(x -> Py.equal(x, item));
            case java.util.Map<?, ?> m -> containsKey(m, item);
            case DictView v -> v.kind().equals("keys") ? containsKey(v.map(), item)
                    : v.items().stream().anyMatch(x -> Py.equal(x, item));
            case Generator g -> g.drain().stream().anyMatch(x -> Py.equal(x, item));
            case Undefined u -> false;
            case null, default -> throw EvalError.type("argument of type " + Py.repr(Py.typeName(container))
                    + " is not iterable");
        };
    }
}
