package dev.nemotron.runtime.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;

/**
 * Splits the Nemotron 3 output stream into reasoning, answer and tool calls while it is generated, fed one token
 * text at a time, and hands each piece to a {@link ChatListener} as soon as it is known what it is.
 *
 * <p>The output is {@code REASONING⏎</think>⏎ANSWER} when the prompt opened the think block (thinking on), the
 * answer alone otherwise, and the answer may be followed by tool-call blocks
 * {@code <tool_call>⏎<function=NAME>⏎<parameter=KEY>⏎VALUE⏎</parameter>⏎…</function>⏎</tool_call>}. As in
 * llama.cpp's Nemotron parser, whitespace around the reasoning and around the answer is trimmed, and tool calls
 * are only recognised when the request offered tools.
 *
 * <p>It is a character-level state machine, so the result does not depend on how the text is cut into tokens.
 * Text that could be the start of markup is held back only until the next characters show it is not; trailing
 * whitespace is held back until more text follows. So {@code a < b}, {@code <tool} or a {@code <function=x>}
 * outside a tool call reach the answer unchanged. A {@code <tool_call>} block that turns out malformed, or is
 * still open when the output ends, is given back as answer text; a think block still open at the end keeps its
 * text as reasoning, as llama.cpp does.
 *
 * <p>One parser reads one completion, on one thread.
 */
public final class NemotronOutputParser {

    private static final String TOOL_CALL_OPEN = "<tool_call>";
    private static final List<String> REASONING_MARKERS = List.of(NemotronChatFormat.THINK_CLOSE);

    /** Length of the random part of generated tool-call ids, as in OpenAI's {@code call_…} ids. */
    private static final int ID_LENGTH = 24;
    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private enum Section { REASONING, CONTENT, TOOL_CALL }

    private final ChatListener listener;
    private final ToolArgumentTypes types;
    private final List<String> contentMarkers;
    private final Supplier<String> toolCallIds;

    private final StringBuilder input = new StringBuilder();
    private int next;
    private Section section;
    private boolean sectionStarted;
    private final StringBuilder markup = new StringBuilder();
    private final StringBuilder heldSpace = new StringBuilder();
    private @Nullable ToolCallBlock block;
    private String blockPrefix = "";

    private final StringBuilder reasoning = new StringBuilder();
    private final StringBuilder content = new StringBuilder();
    private final List<ToolCall> toolCalls = new ArrayList<>();
    private final StringBuilder delta = new StringBuilder();
    private boolean deltaIsReasoning;
    private boolean finished;

    /** A parser that names tool calls with random {@code call_…} ids. */
    public NemotronOutputParser(List<ToolDefinition> tools, boolean startsInReasoning, ChatListener listener) {
        this(tools, startsInReasoning, listener, randomToolCallIds(new SplittableRandom()));
    }

    /**
     * @param tools             the tools the request offered: their schemas type the arguments; none turns
     *                          tool-call parsing off
     * @param startsInReasoning whether the prompt left a think block open (see
     *                          {@link NemotronChatFormat#generationStartsInReasoning})
     * @param listener          receives reasoning, answer and tool calls as they become known
     * @param toolCallIds       gives each parsed tool call its id
     */
    public NemotronOutputParser(List<ToolDefinition> tools, boolean startsInReasoning, ChatListener listener,
            Supplier<String> toolCallIds) {
        this.listener = listener;
        this.types = new ToolArgumentTypes(tools);
        this.contentMarkers = tools.isEmpty() ? List.of() : List.of(TOOL_CALL_OPEN);
        this.toolCallIds = toolCallIds;
        this.section = startsInReasoning ? Section.REASONING : Section.CONTENT;
        this.deltaIsReasoning = startsInReasoning;
    }

    /** Ids {@code call_} + 24 letters and digits drawn from {@code random}; a seeded generator repeats them. */
    public static Supplier<String> randomToolCallIds(RandomGenerator random) {
        return () -> {
            StringBuilder id = new StringBuilder("call_");
            for (int i = 0; i < ID_LENGTH; i++) {
                id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
            }
            return id.toString();
        };
    }

    /**
     * Reads the text of the next generated token and passes on what it completes.
     *
     * @throws IllegalStateException after {@link #finish()}
     */
    public void accept(String tokenText) {
        if (finished) {
            throw new IllegalStateException("the completion was already finished");
        }
        input.append(tokenText);
        drain();
        flushDelta(true);
    }

    /**
     * Ends the completion: text still held back is passed on (an unfinished tool call as answer text) and the
     * whole result is returned. Calling it again returns the same result.
     */
    public ParsedOutput finish() {
        if (!finished) {
            while (block != null) {
                giveBackBlock();
                drain();
            }
            releaseMarkup();
            heldSpace.setLength(0);
            flushDelta(false);
            finished = true;
        }
        return new ParsedOutput(content.toString(), reasoning.toString(), toolCalls);
    }

    private void drain() {
        while (next < input.length()) {
            char c = input.charAt(next++);
            if (block != null) {
                blockChar(block, c);
            } else {
                textChar(c);
            }
        }
        input.setLength(0);
        next = 0;
    }

    private List<String> markers() {
        return section == Section.REASONING ? REASONING_MARKERS : contentMarkers;
    }

    private void textChar(char c) {
        List<String> markers = markers();
        if (markup.isEmpty() && markers.stream().noneMatch(marker -> marker.charAt(0) == c)) {
            text(c);
            return;
        }
        markup.append(c);
        while (!markup.isEmpty()) {
            for (String marker : markers) {
                if (marker.contentEquals(markup)) {
                    markup.setLength(0);
                    onMarker(marker);
                    return;
                }
            }
            String pending = markup.toString();
            if (markers.stream().anyMatch(marker -> marker.startsWith(pending))) {
                return;
            }
            text(markup.charAt(0));
            markup.deleteCharAt(0);
        }
    }

    private void releaseMarkup() {
        for (int i = 0; i < markup.length(); i++) {
            text(markup.charAt(i));
        }
        markup.setLength(0);
    }

    /** Trims the section: leading whitespace is dropped, trailing whitespace waits for more text. */
    private void text(char c) {
        if (Character.isWhitespace(c)) {
            if (sectionStarted) {
                heldSpace.append(c);
            }
            return;
        }
        if (!heldSpace.isEmpty()) {
            out(heldSpace);
            heldSpace.setLength(0);
        }
        out(String.valueOf(c));
        sectionStarted = true;
    }

    private void onMarker(String marker) {
        if (marker.equals(TOOL_CALL_OPEN)) {
            blockPrefix = heldSpace + TOOL_CALL_OPEN;
            block = new ToolCallBlock(types);
            section = Section.TOOL_CALL;
        } else {
            section = Section.CONTENT;
            sectionStarted = false;
        }
        heldSpace.setLength(0);
    }

    private void blockChar(ToolCallBlock current, char c) {
        switch (current.accept(c)) {
            case READING -> {
            }
            case COMPLETE -> {
                ToolCall call = current.call(toolCallIds.get());
                toolCalls.add(call);
                block = null;
                section = Section.CONTENT;
                sectionStarted = false;
                flushDelta(false);
                listener.onToolCall(call);
            }
            case MALFORMED -> giveBackBlock();
        }
    }

    /** The block is no tool call: its opening tag becomes answer text and the rest is read again as such. */
    private void giveBackBlock() {
        String raw = block == null ? "" : block.raw();
        block = null;
        section = Section.CONTENT;
        out(blockPrefix);
        sectionStarted = true;
        input.insert(next, raw);
    }

    private void out(CharSequence text) {
        boolean isReasoning = section == Section.REASONING;
        if (isReasoning != deltaIsReasoning) {
            flushDelta(false);
            deltaIsReasoning = isReasoning;
        }
        delta.append(text);
        (isReasoning ? reasoning : content).append(text);
    }

    /** Hands the pending delta to the listener; a lone high surrogate waits for its pair unless this is the end. */
    private void flushDelta(boolean keepHighSurrogate) {
        int end = delta.length();
        if (keepHighSurrogate && end > 0 && Character.isHighSurrogate(delta.charAt(end - 1))) {
            end--;
        }
        if (end == 0) {
            return;
        }
        String text = delta.substring(0, end);
        delta.delete(0, end);
        if (deltaIsReasoning) {
            listener.onReasoning(text);
        } else {
            listener.onContent(text);
        }
    }
}
