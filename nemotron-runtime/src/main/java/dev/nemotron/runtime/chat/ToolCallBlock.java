package dev.nemotron.runtime.chat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one tool-call block, character by character, from just after its {@code <tool_call>}:
 * {@code <function=NAME>⏎(<parameter=KEY>⏎VALUE⏎</parameter>⏎)*</function>⏎</tool_call>}.
 *
 * <p>A value ends at {@code ⏎</parameter>} (or a bare {@code </parameter>}), and, because the model sometimes
 * leaves out the closing tag of a parameter, also at {@code ⏎<parameter=} and {@code ⏎</function>}. Only the
 * newline that frames a value is removed, so string values keep their inner lines and indentation. Whitespace
 * between tags is skipped. Anything else where a tag belongs makes the block malformed, decided at the first
 * character that no well-formed block could continue with.
 */
final class ToolCallBlock {

    /** Where the block stands after a character. */
    enum Status {
        /** Still inside the block. */
        READING,
        /** {@code </tool_call>} closed a well-formed block. */
        COMPLETE,
        /** No well-formed block starts like this. */
        MALFORMED
    }

    private enum Step { FUNCTION_OPEN, FUNCTION_NAME, BODY, PARAMETER_NAME, VALUE_START, VALUE, CLOSE }

    private static final String FUNCTION_OPEN = "<function=";
    private static final String PARAMETER_OPEN = "<parameter=";
    private static final String PARAMETER_CLOSE = "</parameter>";
    private static final String FUNCTION_CLOSE = "</function>";
    private static final String TOOL_CALL_CLOSE = "</tool_call>";
    private static final String LINE_PARAMETER_CLOSE = "\n" + PARAMETER_CLOSE;
    private static final String LINE_PARAMETER_OPEN = "\n" + PARAMETER_OPEN;
    private static final String LINE_FUNCTION_CLOSE = "\n" + FUNCTION_CLOSE;

    /** Longest function or parameter name accepted; beyond it the text is surely no tag. */
    private static final int MAX_NAME_LENGTH = 256;

    private final ToolArgumentTypes types;
    private final StringBuilder raw = new StringBuilder();
    private final StringBuilder tag = new StringBuilder();
    private final StringBuilder value = new StringBuilder();
    private final Map<String, Object> arguments = new LinkedHashMap<>();
    private Step step = Step.FUNCTION_OPEN;
    private String function = "";
    private String parameter = "";

    ToolCallBlock(ToolArgumentTypes types) {
        this.types = types;
    }

    Status accept(char c) {
        raw.append(c);
        return switch (step) {
            case FUNCTION_OPEN -> expect(c, List.of(FUNCTION_OPEN));
            case FUNCTION_NAME, PARAMETER_NAME -> name(c);
            case BODY -> expect(c, List.of(PARAMETER_OPEN, FUNCTION_CLOSE));
            case VALUE_START -> valueStart(c);
            case VALUE -> value(c);
            case CLOSE -> expect(c, List.of(TOOL_CALL_CLOSE));
        };
    }

    /** Every character the block was fed, for giving the text back when it turns out not to be a call. */
    String raw() {
        return raw.toString();
    }

    /** The call a {@link Status#COMPLETE} block describes. */
    ToolCall call(String id) {
        return new ToolCall(id, function, arguments);
    }

    private Status expect(char c, List<String> tags) {
        if (tag.isEmpty() && Character.isWhitespace(c)) {
            return Status.READING;
        }
        tag.append(c);
        for (String candidate : tags) {
            if (candidate.contentEquals(tag)) {
                tag.setLength(0);
                return opened(candidate);
            }
        }
        String pending = tag.toString();
        boolean prefix = tags.stream().anyMatch(candidate -> candidate.startsWith(pending));
        return prefix ? Status.READING : Status.MALFORMED;
    }

    private Status opened(String candidate) {
        switch (candidate) {
            case FUNCTION_OPEN -> step = Step.FUNCTION_NAME;
            case PARAMETER_OPEN -> step = Step.PARAMETER_NAME;
            case FUNCTION_CLOSE -> step = Step.CLOSE;
            default -> {
                return Status.COMPLETE;
            }
        }
        return Status.READING;
    }

    private Status name(char c) {
        if (c != '>') {
            boolean plausible = c != '\n' && c != '<' && tag.length() < MAX_NAME_LENGTH;
            tag.append(c);
            return plausible ? Status.READING : Status.MALFORMED;
        }
        String name = tag.toString().strip();
        tag.setLength(0);
        if (name.isEmpty()) {
            return Status.MALFORMED;
        }
        if (step == Step.FUNCTION_NAME) {
            function = name;
            step = Step.BODY;
        } else {
            parameter = name;
            step = Step.VALUE_START;
        }
        return Status.READING;
    }

    private Status valueStart(char c) {
        step = Step.VALUE;
        return c == '\n' ? Status.READING : value(c);
    }

    private Status value(char c) {
        value.append(c);
        if (endsWith(LINE_PARAMETER_CLOSE)) {
            endValue(LINE_PARAMETER_CLOSE, Step.BODY);
        } else if (endsWith(PARAMETER_CLOSE)) {
            endValue(PARAMETER_CLOSE, Step.BODY);
        } else if (endsWith(LINE_PARAMETER_OPEN)) {
            endValue(LINE_PARAMETER_OPEN, Step.PARAMETER_NAME);
        } else if (endsWith(LINE_FUNCTION_CLOSE)) {
            endValue(LINE_FUNCTION_CLOSE, Step.CLOSE);
        }
        return Status.READING;
    }

    private boolean endsWith(String suffix) {
        int start = value.length() - suffix.length();
        return start >= 0 && value.indexOf(suffix, start) == start;
    }

    private void endValue(String terminator, Step next) {
        String text = value.substring(0, value.length() - terminator.length());
        arguments.put(parameter, types.value(function, parameter, text));
        value.setLength(0);
        step = next;
    }
}
