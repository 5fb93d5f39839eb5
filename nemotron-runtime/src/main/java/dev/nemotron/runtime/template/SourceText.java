package dev.nemotron.runtime.template;

import java.util.Arrays;

/**
 * A template source with its newlines normalised as jinja2 does ({@code \r\n} and {@code \r} become {@code \n},
 * one trailing newline is dropped), and the mapping from offsets to line and column.
 */
final class SourceText {

    private final String text;
    private final int[] lineStarts;

    SourceText(String source) {
        String normalized = source.replace("\r\n", "\n").replace('\r', '\n');
        this.text = normalized.endsWith("\n") ? normalized.substring(0, normalized.length() - 1) : normalized;
        int[] starts = new int[16];
        int count = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
        }
        this.lineStarts = Arrays.copyOf(starts, count);
    }

    String text() {
        return text;
    }

    int line(int offset) {
        int found = Arrays.binarySearch(lineStarts, offset);
        return (found >= 0 ? found : -found - 2) + 1;
    }

    int column(int offset) {
        return offset - lineStarts[line(offset) - 1] + 1;
    }

    TemplateException syntaxError(String message, int offset) {
        return error("TemplateSyntaxError", message, offset);
    }

    TemplateException error(String kind, String message, int offset) {
        return new TemplateException(kind, message, line(offset), column(offset));
    }
}
