package dev.nemotron.runtime.kv;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KvCodecsTest {

    @Test
    void plainCodecsIgnoreTheBitWidth() {
        assertThat(KvCodecs.of("f16", 3, 128).bytesPerVector()).isEqualTo(256);
        assertThat(KvCodecs.of("f32", 0, 128).bitsPerValue()).isEqualTo(32.0);
        assertThat(KvCodecs.of("bf16", 7, 64).id()).isEqualTo("bf16");
    }

    @Test
    void unknownIdIsRejectedWithTheKnownIds() {
        assertThatThrownBy(() -> KvCodecs.of("fp8", 0, 128))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fp8")
                .hasMessageContaining("f32, f16");
    }
}
