package dev.nemotron.runtime.cli;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.stream.Collectors;

import dev.nemotron.runtime.gguf.GgufFile;
import dev.nemotron.runtime.tokenizer.HuggingFaceTokenizer;
import dev.nemotron.runtime.tokenizer.Tokenizer;
import dev.nemotron.runtime.tokenizer.Vocabulary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tokenize}: the token ids of a text, comma-separated on one line. */
@Command(name = "tokenize", mixinStandardHelpOptions = true, description = "Print the token ids of a text.")
final class TokenizeCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelFile model;

    @Option(names = "--text", required = true, paramLabel = "TEXT", description = "Text to tokenize.")
    String text;

    @Option(names = "--no-special", description = "Treat special-token text as plain text.")
    boolean noSpecial;

    @Override
    public void run() {
        if (Files.isDirectory(model.path)) {
            print(HuggingFaceTokenizer.readDirectory(model.path, 0));
            return;
        }
        try (GgufFile file = GgufFile.open(model.path)) {
            print(Vocabulary.fromGgufMetadata(file.metadata()::plain));
        }
    }

    private void print(Vocabulary vocabulary) {
        int[] ids = new Tokenizer(vocabulary).encode(text, true, !noSpecial);
        spec.commandLine().getOut().println(Arrays.stream(ids).mapToObj(Integer::toString)
                .collect(Collectors.joining(",")));
    }
}
