package dev.nemotron.runtime.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class FileSelectionTest {

    private static ModelRequest gguf(String weightType) {
        return new ModelRequest("test", "o/n", "main", ModelFormat.GGUF, weightType, null, Variant.NO_KV_CODEC, null);
    }

    @Test
    void theWeightTypeIsMatchedAsAWholeTokenPreferringAnExactEnd() {
        List<String> files = List.of("m-Q2_K_S.gguf", "m-Q2_K.gguf", "m-IQ4_XS.gguf", "m-Q4_K_M.gguf",
                "mmproj-m-F16.gguf");

        assertThat(FileSelection.select(gguf("Q2_K"), files).entry()).isEqualTo("m-Q2_K.gguf");
        assertThat(FileSelection.select(gguf("IQ4_XS"), files).entry()).isEqualTo("m-IQ4_XS.gguf");
        assertThat(FileSelection.select(gguf("q4_k_m"), files).entry()).isEqualTo("m-Q4_K_M.gguf");
    }

    @Test
    void theProjectorIsNeverPickedAsTheModel() {
        assertThatThrownBy(() -> FileSelection.select(gguf("F16"), List.of("mmproj-F16.gguf", "README.md")))
                .hasMessageContaining("has no GGUF file of weight type F16");
    }

    @Test
    void aSplitSetIsOneModelInPartOrder() {
        FileSelection selection = FileSelection.select(gguf("MXFP4_MOE"), List.of(
                "m-MXFP4_MOE-00002-of-00002.gguf", "m-MXFP4_MOE-00001-of-00002.gguf", "README.md"));

        assertThat(selection.files()).containsExactly("m-MXFP4_MOE-00001-of-00002.gguf",
                "m-MXFP4_MOE-00002-of-00002.gguf");
        assertThat(selection.entry()).isEqualTo("m-MXFP4_MOE-00001-of-00002.gguf");
    }

    @Test
    void anMlxModelTakesTopLevelConfigWeightsIndexAndTokenizerFiles() {
        ModelRequest request = new ModelRequest("t", "o/n", "main", ModelFormat.MLX, "4bit", null, "none", null);

        FileSelection selection = FileSelection.select(request, List.of("config.json", "model.safetensors",
                "tokenizer.json", "tokenizer_config.json", "README.md", "sub/model.safetensors", ".gitattributes"));

        assertThat(selection.files()).containsExactly("config.json", "model.safetensors", "tokenizer.json",
                "tokenizer_config.json");
        assertThat(selection.entry()).isEmpty();
    }
}
