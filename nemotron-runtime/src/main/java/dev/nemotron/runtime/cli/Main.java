package dev.nemotron.runtime.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import dev.nemotron.runtime.gguf.GgufFormatException;
import dev.nemotron.runtime.mlx.MlxFormatException;
import dev.nemotron.runtime.tokenizer.TokenizerException;
import dev.nemotron.runtime.weights.UnsupportedWeightTypeException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code bin/nemotron} command line. Each command is a subcommand class listed here; a bad argument or a bad
 * file ends the run with exit code 2 and a one-line message on stderr.
 */
@Command(name = "nemotron", mixinStandardHelpOptions = true, version = "nemotron 0.1.0",
        description = "Pure-Java inference for NVIDIA Nemotron-H models.",
        subcommands = {InfoCommand.class, TokenizeCommand.class, LogitsCommand.class, GenerateCommand.class,
            TemplateCommand.class, VariantsCommand.class, PullCommand.class, BenchCommand.class,
            SynthesizeCommand.class})
public final class Main implements Runnable {

    /** Exit code for bad arguments and bad files. */
    public static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        CommandLine cli = commandLine();
        // Prompts and model output are UTF-8 whatever the platform's console encoding is, byte for byte.
        cli.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        cli.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        System.exit(cli.execute(args));
    }

    /** The configured command line, with the error handling every subcommand shares. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("nemotron: " + e.getMessage());
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (isBadInput(e)) {
                command.getErr().println("nemotron: " + e.getMessage());
                return USAGE;
            }
            throw e;
        });
        return cli;
    }

    /** Runs the command line with the given output streams: for tests. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        try {
            return cli.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static boolean isBadInput(Exception e) {
        return e instanceof GgufFormatException || e instanceof MlxFormatException
                || e instanceof IllegalArgumentException
                || e instanceof TokenizerException || e instanceof UnsupportedWeightTypeException
                || e instanceof IOException || e instanceof UncheckedIOException
                || e instanceof IllegalStateException;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
