package dev.nemotron.runtime.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class VariantsMarkdownTest {

    /** {@code docs/variants.md} of the repository the build runs in. */
    private static Path page() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("nemotron-runtime")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir.resolve("docs/variants.md");
            }
        }
        throw new IllegalStateException("repository root not found above " + Path.of("").toAbsolutePath());
    }

    @Test
    void docsVariantsMdIsGeneratedFromTheCatalogue() throws IOException {
        String expected = VariantsMarkdown.render(VariantCatalogue.bundled());
        Path page = page();
        if (Boolean.getBoolean("nemotron.updateDocs")) {
            Files.createDirectories(page.getParent());
            Files.writeString(page, expected, StandardCharsets.UTF_8);
        }

        assertThat(page).as("docs/variants.md is stale: rerun this test with -Dnemotron.updateDocs=true").exists();
        assertThat(Files.readString(page, StandardCharsets.UTF_8))
                .as("docs/variants.md is stale: rerun this test with -Dnemotron.updateDocs=true")
                .isEqualTo(expected);
    }
}
