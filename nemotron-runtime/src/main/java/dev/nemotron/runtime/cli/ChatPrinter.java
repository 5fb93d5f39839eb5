package dev.nemotron.runtime.cli;

import java.io.PrintWriter;

import dev.nemotron.runtime.chat.ChatListener;
import dev.nemotron.runtime.chat.ToolCall;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streams a chat completion to the terminal with its parts apart: a {@code [reasoning]} and an {@code [answer]}
 * header each where that part begins, and one {@code [tool call] NAME {arguments}} line per call.
 */
final class ChatPrinter implements ChatListener {

    static final String REASONING = "[reasoning]";
    static final String ANSWER = "[answer]";
    static final String TOOL_CALL = "[tool call]";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PrintWriter out;
    private String section = "";
    private boolean atLineStart = true;

    ChatPrinter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void onReasoning(String delta) {
        print(REASONING, delta);
    }

    @Override
    public void onContent(String delta) {
        print(ANSWER, delta);
    }

    @Override
    public void onToolCall(ToolCall call) {
        endLine();
        out.println(TOOL_CALL + " " + call.name() + " " + JSON.writeValueAsString(call.arguments()));
        out.flush();
        section = TOOL_CALL;
    }

    /** Ends the last line of the output. */
    void finish() {
        endLine();
        out.flush();
    }

    private void print(String header, String delta) {
        if (!section.equals(header)) {
            endLine();
            out.println(header);
            section = header;
        }
        out.print(delta);
        atLineStart = delta.endsWith("\n");
        out.flush();
    }

    private void endLine() {
        if (!atLineStart) {
            out.println();
            atLineStart = true;
        }
    }
}
