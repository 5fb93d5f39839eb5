package dev.nemotron.runtime.tokenizer;

/**
 * The type of a vocabulary entry as GGUF stores it in {@code tokenizer.ggml.token_type}, with the attribute bit
 * llama.cpp derives from it.
 */
public enum TokenType {
    UNDEFINED(0, 0),
    NORMAL(1, Vocabulary.ATTR_NORMAL),
    UNKNOWN(2, Vocabulary.ATTR_UNKNOWN),
    CONTROL(3, Vocabulary.ATTR_CONTROL),
    USER_DEFINED(4, Vocabulary.ATTR_USER_DEFINED),
    UNUSED(5, Vocabulary.ATTR_UNUSED),
    BYTE(6, Vocabulary.ATTR_BYTE);

    private static final TokenType[] BY_CODE = values();

    private final int code;
    private final int attribute;

    TokenType(int code, int attribute) {
        this.code = code;
        this.attribute = attribute;
    }

    /** The integer GGUF stores for this type. */
    public int code() {
        return code;
    }

    /** llama.cpp's attribute bit for this type (0 for {@link #UNDEFINED}). */
    public int attribute() {
        return attribute;
    }

    /** The type with this GGUF code; codes llama.cpp does not know become {@link #UNDEFINED}, as there. */
    public static TokenType fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : UNDEFINED;
    }
}
