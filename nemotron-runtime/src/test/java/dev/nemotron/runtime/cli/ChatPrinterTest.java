package dev.nemotron.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.nemotron.runtime.chat.ToolCall;

/** How {@code generate --chat} lays out a streamed completion. */
class ChatPrinterTest {

    private final StringWriter out = new StringWriter();
    private final ChatPrinter printer = new ChatPrinter(new PrintWriter(out));

    @Test
    void eachPartGetsItsHeaderWhereItBeginsAndToolCallsOneLineEach() {
        printer.onReasoning("Two and");
        printer.onReasoning(" two.");
        printer.onContent("Let me compute.");
        printer.onToolCall(new ToolCall("call_1", "add", Map.of("a", 2)));
        printer.onToolCall(new ToolCall("call_2", "log", Map.of("text", "x\ny")));
        printer.finish();

        assertThat(out.toString()).isEqualTo("""
                [reasoning]
                Two and two.
                [answer]
                Let me compute.
                [tool call] add {"a":2}
                [tool call] log {"text":"x\\ny"}
                """);
    }

    @Test
    void anAnswerEndingInANewlineGetsNoBlankLine() {
        printer.onContent("Four.\n");
        printer.finish();

        assertThat(out.toString()).isEqualTo("[answer]\nFour.\n");
    }
}
