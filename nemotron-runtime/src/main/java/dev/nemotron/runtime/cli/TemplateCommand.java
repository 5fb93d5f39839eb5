package dev.nemotron.runtime.cli;

import java.io.PrintWriter;

import dev.nemotron.runtime.chat.ModelChatTemplate;
import dev.nemotron.runtime.generate.GenerationOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code template}: the prompt a conversation renders to through the model's own chat template. */
@Command(name = "template", mixinStandardHelpOptions = true,
        description = "Render a conversation through the model's chat template; prints the prompt byte for byte.")
final class TemplateCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelFile model;

    @Mixin
    ChatInput chat;

    @Option(names = "--no-generation-prompt", description = "Do not open the assistant's turn at the end.")
    boolean noGenerationPrompt;

    @Override
    public void run() {
        ModelChatTemplate template = ModelChatTemplate.read(model.path);
        String prompt = template.render(chat.request(null, GenerationOptions.defaults()), !noGenerationPrompt);
        PrintWriter out = spec.commandLine().getOut();
        out.print(prompt);
        out.flush();
    }
}
