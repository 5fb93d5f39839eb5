package dev.nemotron.runtime.mlx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.nemotron.runtime.model.NemotronConfig;
import dev.nemotron.runtime.testing.SharedData;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@code config.json} of mlx-lm's {@code nemotron_h} into the engine's geometry and quantization. */
class MlxConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FILE = Path.of("config.json");

    private static ObjectNode golden(String checkpoint) {
        return (ObjectNode) JSON.readTree(SharedData.golden("mlx/" + checkpoint + "/config.json").toFile());
    }

    private static ObjectNode tiny(String json) {
        ObjectNode node = (ObjectNode) JSON.readTree("{\"hidden_size\": 64, \"num_attention_heads\": 2, "
                + "\"num_key_value_heads\": 1, \"head_dim\": 32, \"mamba_num_heads\": 4, \"mamba_head_dim\": 16, "
                + "\"ssm_state_size\": 8, \"n_groups\": 2, \"conv_kernel\": 4, \"n_routed_experts\": 4, "
                + "\"num_experts_per_tok\": 2, \"moe_intermediate_size\": 32, \"intermediate_size\": 48}");
        node.setAll((ObjectNode) JSON.readTree(json));
        return node;
    }

    @Test
    void goldenConfigGivesTheTiny256Geometry() {
        NemotronConfig c = MlxConfig.from(FILE, golden("tiny256-mlx-4bit-g64")).config();

        assertThat(c.architecture()).isEqualTo("nemotron_h_moe");
        assertThat(c.pattern()).isEqualTo("MEM*EME");
        assertThat(c.embedding()).isEqualTo(256);
        assertThat(c.headCount()).isEqualTo(4);
        assertThat(c.headCountKv()).containsExactly(0, 0, 0, 2, 0, 0, 0);
        assertThat(c.keyLength()).isEqualTo(64);
        assertThat(c.ssmInner()).as("mamba_num_heads × mamba_head_dim, not expand × hidden").isEqualTo(256);
        assertThat(c.ssmHeads()).isEqualTo(8);
        assertThat(c.ssmState()).isEqualTo(16);
        assertThat(c.ssmGroups()).isEqualTo(2);
        assertThat(c.ssmConvKernel()).isEqualTo(4);
        assertThat(c.expertCount()).isEqualTo(8);
        assertThat(c.expertUsed()).isEqualTo(2);
        assertThat(c.expertFeedForward()).isEqualTo(256);
        assertThat(c.sharedFeedForward()).isEqualTo(512);
        assertThat(c.expertWeightsNorm()).isTrue();
        assertThat(c.expertWeightsScale()).isEqualTo(2.5f);
        assertThat(c.rmsEps()).isEqualTo(1e-5f);
        assertThat(c.moeLatent()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[\"mamba\", \"moe\", \"attention\", \"mlp\"]",
            "[\"linear_attention\", \"moe\", \"full_attention\", \"mlp\"]", "[\"M\", \"E\", \"*\", \"-\"]"})
    void layersBlockTypeInEverySpellingGivesThePattern(String list) {
        NemotronConfig c = MlxConfig.from(FILE, tiny("{\"layers_block_type\": " + list + "}")).config();

        assertThat(c.pattern()).isEqualTo("ME*-");
        assertThat(c.feedForward()).containsExactly(0, 32, 0, 48);
    }

    @Test
    void nestedLlmConfigIsTheLanguageModel() {
        ObjectNode root = (ObjectNode) JSON.readTree("{\"model_type\": \"NemotronH_Nano_Omni_Reasoning_V3\"}");
        root.set("llm_config", golden("tiny256-mlx-4bit-g64"));

        assertThat(MlxConfig.from(FILE, root).config().pattern()).isEqualTo("MEM*EME");
    }

    @Test
    void nestedTextConfigMayCarryTheQuantization() {
        ObjectNode root = JSON.createObjectNode();
        root.set("text_config", golden("tiny256-mlx-mixed"));

        MlxConfig config = MlxConfig.from(FILE, root);
        assertThat(config.config().pattern()).isEqualTo("MEM*EME");
        assertThat(config.quantization().resolve(true, "lm_head")).contains(Quantization.Spec.affine(6, 64));
    }

    @Test
    void missingKeyIsNamedWithItsNesting() {
        ObjectNode llm = golden("tiny256-mlx-4bit-g64");
        llm.remove("hidden_size");
        ObjectNode root = JSON.createObjectNode();
        root.set("llm_config", llm);

        assertThatThrownBy(() -> MlxConfig.from(FILE, root)).isInstanceOf(MlxFormatException.class)
                .hasMessage("config.json: llm_config.hidden_size is missing");
    }

    @Test
    void unknownLayerLetterAndWordAreNamed() {
        assertThatThrownBy(() -> MlxConfig.from(FILE, tiny("{\"hybrid_override_pattern\": \"M*X\"}")))
                .isInstanceOf(MlxFormatException.class)
                .hasMessageContaining("hybrid_override_pattern[2] = 'X' is not one of M, *, E, -");
        assertThatThrownBy(() -> MlxConfig.from(FILE, tiny("{\"layers_block_type\": [\"mamba\", \"conv\"]}")))
                .isInstanceOf(MlxFormatException.class).hasMessageContaining("layers_block_type[1] = conv");
    }

    @Test
    void groupLimitedRoutingIsRejected() {
        assertThatThrownBy(() -> MlxConfig.from(FILE, tiny("{\"hybrid_override_pattern\": \"E\", \"n_group\": 4}")))
                .isInstanceOf(MlxFormatException.class).hasMessageContaining("group-limited routing");
    }

    @Test
    void mixedOverridesResolveAsMlxLmResolvesThem() {
        Quantization q = MlxConfig.from(FILE, golden("tiny256-mlx-mixed")).quantization();

        assertThat(q.resolve(true, "lm_head")).contains(Quantization.Spec.affine(6, 64));
        assertThat(q.resolve(true, "backbone.layers.6.mixer.switch_mlp.fc2")).contains(Quantization.Spec.mxfp4());
        assertThat(q.resolve(true, "backbone.layers.1.mixer.switch_mlp.fc1")).as("global, found by its scales")
                .contains(Quantization.Spec.affine(4, 64));
        assertThat(q.resolve(false, "backbone.layers.5.mixer.out_proj")).as("no entry, no scales").isEmpty();
    }

    @Test
    void falseOverrideMeansNotQuantized() {
        JsonNode config = tiny("{\"hybrid_override_pattern\": \"*\", \"quantization\": "
                + "{\"group_size\": 64, \"bits\": 4, \"lm_head\": false}}");

        assertThat(MlxConfig.from(FILE, config).quantization().resolve(true, "lm_head")).isEmpty();
    }

    @Test
    void legacyQuantMethodMxfp4IsMxfp4() {
        JsonNode config = tiny("{\"hybrid_override_pattern\": \"*\", \"quantization_config\": "
                + "{\"quant_method\": \"mxfp4\"}}");

        assertThat(MlxConfig.from(FILE, config).quantization().global()).contains(Quantization.Spec.mxfp4());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"mode\": \"nvfp4\", \"group_size\": 16, \"bits\": 4}",
            "{\"mode\": \"affine\", \"group_size\": 64, \"bits\": 7}",
            "{\"mode\": \"affine\", \"group_size\": 16, \"bits\": 4}",
            "{\"mode\": \"mxfp4\", \"group_size\": 64, \"bits\": 4}"})
    void unsupportedQuantizationIsATypedError(String block) {
        JsonNode config = tiny("{\"hybrid_override_pattern\": \"*\", \"quantization\": " + block + "}");

        assertThatThrownBy(() -> MlxConfig.from(FILE, config)).isInstanceOf(MlxFormatException.class)
                .hasMessageStartingWith("config.json: quantization");
    }
}
