package dev.nemotron.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class LoadOptionsTest {

    @Test
    void keysAndValuesMayUseDifferentCodecsWithOneBitWidth() {
        LoadOptions options = LoadOptions.defaults().withKvCodecs("q8_0", "turboquant").withKvBits(2.5);

        assertThat(options.keyCodec()).isEqualTo("q8_0");
        assertThat(options.valueCodec()).isEqualTo("turboquant");
        assertThat(options.kvCacheDescription()).isEqualTo("q8_0+turboquant/2.5");
    }

    @Test
    void anUnknownCodecIsRefusedWithTheKnownOnes() {
        assertThatIllegalArgumentException().isThrownBy(() -> LoadOptions.defaults().withKvCodec("q3_k"))
                .withMessageContaining("unknown KV codec 'q3_k'").withMessageContaining("turboquant");
    }

    @Test
    void aBitWidthTheCodecDoesNotOfferIsRefusedWithTheOffered() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LoadOptions.defaults().withKvCodec("rotorquant").withKvBits(2))
                .withMessage("KV codec rotorquant offers [3, 4] bits per value, not 2");
    }

    @Test
    void plainCodecsIgnoreTheBitWidth() {
        assertThat(LoadOptions.defaults().withKvBits(4).kvCacheDescription()).isEqualTo("f16");
    }
}
