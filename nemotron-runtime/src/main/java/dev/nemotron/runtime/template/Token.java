package dev.nemotron.runtime.template;

/**
 * One lexical token of a template.
 *
 * @param type  what it is
 * @param text  the operator or name as written, the decoded string, or the literal text of a data token
 * @param value the number of an integer or float literal, otherwise {@code null}
 * @param pos   the offset of its first character in the (newline-normalised) source
 */
record Token(Type type, String text, Object value, int pos) {

    enum Type {
        DATA, VARIABLE_BEGIN, VARIABLE_END, BLOCK_BEGIN, BLOCK_END, NAME, STRING, INTEGER, FLOAT, OPERATOR, EOF
    }

    boolean is(Type t, String s) {
        return type == t && text.equals(s);
    }

    boolean isOperator(String s) {
        return is(Type.OPERATOR, s);
    }

    boolean isName(String s) {
        return is(Type.NAME, s);
    }

    /** How jinja2 names the token in syntax errors. */
    String describe() {
        return switch (type) {
            case EOF -> "end of template";
            case DATA -> "template data";
            case VARIABLE_BEGIN -> "begin of print statement";
            case VARIABLE_END -> "end of print statement";
            case BLOCK_BEGIN -> "begin of statement block";
            case BLOCK_END -> "end of statement block";
            case STRING -> "string";
            case INTEGER -> "integer";
            case FLOAT -> "float";
            default -> text;
        };
    }
}
