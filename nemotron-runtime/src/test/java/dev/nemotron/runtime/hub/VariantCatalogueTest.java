package dev.nemotron.runtime.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.nemotron.runtime.testing.SharedData;

class VariantCatalogueTest {

    private static final Pattern TABLE_ROW = Pattern.compile(
            "^\\| \\| (?:\\[([^]]+)]\\(https://huggingface\\.co/([^)]+)\\)|\\*\\*([^*]+)\\*\\*) \\|.*");

    private final VariantCatalogue catalogue = VariantCatalogue.bundled();

    /** Card name to repository, read from the model card's family table (the bolded row has no link). */
    private static Map<String, String> cardTable() throws IOException {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(
                SharedData.root().resolve("reference/model-card-rotorquant-mlx-8bit-rq-kv.md"))) {
            Matcher row = TABLE_ROW.matcher(line);
            if (row.matches()) {
                rows.put(row.group(1) != null ? row.group(1) : row.group(3), row.group(2));
            }
        }
        return rows;
    }

    @Test
    void holdsEveryRowOfTheCardsFamilyTableUnderItsLowerCaseNameAndRepository() throws IOException {
        Map<String, String> table = cardTable();

        assertThat(catalogue.variants()).hasSize(table.size());
        table.forEach((card, repository) -> {
            Variant variant = catalogue.require(card);
            assertThat(variant.id()).isEqualTo(card.toLowerCase());
            assertThat(variant.cardName()).isEqualTo(card);
            if (repository != null) {
                assertThat(variant.repository()).isEqualTo(repository);
            }
        });
    }

    @Test
    void theCardsOwnVariantResolvesToItsParentMlxWeightsWithTheRotorQuantCodec() {
        Variant variant = catalogue.require("rotorquant-mlx-8bit-rq-kv");

        assertThat(variant.repository()).isEqualTo("majentik/nemotron3-nano-omni-30b-rotorquant-mlx-8bit-rq-kv");
        assertThat(variant.weightRepository()).isEqualTo("majentik/nemotron3-nano-omni-30b-rotorquant-mlx-8bit");
        assertThat(variant.format()).isEqualTo(ModelFormat.MLX);
        assertThat(variant.weightType()).isEqualTo("8bit");
        assertThat(variant.kvCodecOverride()).contains("rotorquant");
    }

    @Test
    void kvModifierCardsTakeTheirParentsWeightsAndNameTheirCodec() {
        Variant rq = catalogue.require("rotorquant-gguf-q4_k_m-rq-kv");
        Variant tq = catalogue.require("turboquant-gguf-q8_0-tq-kv");

        assertThat(rq.weightRepository()).isEqualTo(catalogue.require("rotorquant-gguf-q4_k_m").repository());
        assertThat(rq.kvCodec()).isEqualTo("rotorquant");
        assertThat(tq.weightRepository()).isEqualTo(catalogue.require("turboquant-gguf-q8_0").repository());
        assertThat(tq.kvCodec()).isEqualTo("turboquant");
        assertThat(catalogue.require("rotorquant-gguf-q4_k_m").kvCodecOverride()).isEmpty();
    }

    @Test
    void everyWeightVariantHasFormatWeightTypeAndSizeFromItsName() {
        for (Variant variant : catalogue.variants()) {
            if (variant.role() == VariantRole.KV_ROOT) {
                assertThat(variant.format()).isEqualTo(ModelFormat.NONE);
                assertThat(variant.weights()).isEmpty();
                continue;
            }
            assertThat(variant.id()).contains(variant.weightType().toLowerCase());
            assertThat(variant.approximateSize()).endsWith("GB");
            assertThat(variant.weights()).isPresent();
            assertThat(variant.format()).isEqualTo(variant.id().contains("-mlx-") ? ModelFormat.MLX : ModelFormat.GGUF);
        }
    }

    @Test
    void bothSpellingsOfARepositoryResolveIgnoringCase() {
        assertThat(catalogue.require("majentik/Nemotron-3-Nano-Omni-30B-A3B-Reasoning-RotorQuant-MLX-8bit").id())
                .isEqualTo("rotorquant-mlx-8bit");
        assertThat(catalogue.require("majentik/nemotron3-nano-omni-30b-rotorquant-mlx-8bit").id())
                .isEqualTo("rotorquant-mlx-8bit");
        assertThat(catalogue.require("MAJENTIK/Nemotron-3-Nano-Omni-30B-A3B-Reasoning-RotorQuant-MLX-8bit-RQ-KV").id())
                .isEqualTo("rotorquant-mlx-8bit-rq-kv");
        assertThat(catalogue.require("majentik/Nemotron-3-Nano-Omni-30B-A3B-Reasoning-RotorQuant").id())
                .isEqualTo("rotorquant");
        assertThat(catalogue.require("RotorQuant-GGUF-Q4_K_M").id()).isEqualTo("rotorquant-gguf-q4_k_m");
    }

    @Test
    void anUnknownIdFailsNamingTheClosestIds() {
        assertThatThrownBy(() -> catalogue.require("rotorquant-gguf-q4_km"))
                .isInstanceOfSatisfying(HubException.class,
                        e -> assertThat(e.reason()).isEqualTo(HubException.Reason.UNKNOWN_VARIANT))
                .hasMessageContaining("unknown variant 'rotorquant-gguf-q4_km'")
                .hasMessageContaining("closest ids: rotorquant-gguf-q4_k_m, ");
    }

    @Test
    void theProjectorAndTheKvRootCardsAreListedButRefuseToLoadSayingWhy() {
        assertThatThrownBy(() -> catalogue.requireLoadable("mmproj-f16"))
                .isInstanceOfSatisfying(HubException.class,
                        e -> assertThat(e.reason()).isEqualTo(HubException.Reason.NOT_LOADABLE))
                .hasMessageContaining("multimodal projector");
        assertThatThrownBy(() -> catalogue.requireLoadable("turboquant"))
                .hasMessageContaining("publishes no weights")
                .hasMessageContaining("turboquant-gguf-iq4_xs-tq-kv");
        assertThat(catalogue.requireLoadable("turboquant-mlx-4bit").id()).isEqualTo("turboquant-mlx-4bit");
    }

    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertThat(VariantCatalogue.editDistance("kitten", "sitting")).isEqualTo(3);
        assertThat(VariantCatalogue.editDistance("", "abc")).isEqualTo(3);
        assertThat(VariantCatalogue.editDistance("q4_k_m", "q4_k_m")).isZero();
    }
}
