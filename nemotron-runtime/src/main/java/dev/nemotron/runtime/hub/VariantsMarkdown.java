package dev.nemotron.runtime.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders the catalogue as {@code docs/variants.md}; a test keeps the committed file equal to this output.
 *
 * <p>Regenerate with {@code java -cp nemotron-runtime/target/classes:… dev.nemotron.runtime.hub.VariantsMarkdown
 * docs/variants.md}, or run {@code VariantsMarkdownTest} with {@code -Dnemotron.updateDocs=true}.
 */
public final class VariantsMarkdown {

    private VariantsMarkdown() {
    }

    /** Writes the page to the path given as the only argument. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: VariantsMarkdown docs/variants.md");
            System.exit(2);
        }
        Files.writeString(Path.of(args[0]), render(VariantCatalogue.bundled()), StandardCharsets.UTF_8);
    }

    /** The Markdown page for a catalogue. */
    public static String render(VariantCatalogue catalogue) {
        StringBuilder page = new StringBuilder();
        page.append("""
                # Variants

                <!-- Generated from nemotron-runtime/src/main/resources/dev/nemotron/runtime/hub/variants.json by \
                VariantsMarkdown; do not edit. -->

                The family table of the model card, as `spring.ai.nemotron.variant` and `bin/nemotron pull` accept it.
                An id, the card name or the repository (either spelling the card uses) selects a variant,
                ignoring case; `hf://owner/repo[/file][@revision]` selects any other upload.

                The `-rq-kv` and `-tq-kv` cards publish no weights: they download their parent weight repository
                and set the KV codec to RotorQuant or TurboQuant. The projector and the two KV-cache root cards
                are listed but are not chat models; loading them fails with an explanation.

                | Id | Format | Weights | Size | KV codec | Loadable | Downloads from | Use |
                | --- | --- | --- | --- | --- | --- | --- | --- |
                """);
        for (Variant variant : catalogue.variants()) {
            page.append("| `%s` | %s | %s | %s | %s | %s | %s | %s |\n".formatted(
                    variant.id(), variant.format() == ModelFormat.NONE ? "—" : variant.format(),
                    variant.weightType(), variant.approximateSize(),
                    variant.kvCodec(), variant.role().loadable() ? "yes" : "no (" + variant.role().key() + ")",
                    variant.weights().map(repo -> "`" + repo + "`").orElse("—"), variant.useCase()));
        }
        page.append("\n%d variants.\n".formatted(catalogue.variants().size()));
        return page.toString();
    }
}
