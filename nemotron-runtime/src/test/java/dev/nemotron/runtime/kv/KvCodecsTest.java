package dev.nemotron.runtime.kv;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

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

    @Test
    void bitWidthsListWhatEachCodecOffers() {
        assertThat(KvCodecs.bitWidths("turboquant")).containsExactly(2.0, 2.5, 3.0, 3.5, 4.0);
        assertThat(KvCodecs.bitWidths("rotorquant")).containsExactly(3.0, 4.0);
        assertThat(KvCodecs.bitWidths("q8_0")).isEmpty();
        assertThatThrownBy(() -> KvCodecs.bitWidths("q5_1")).hasMessageContaining("q5_1");
    }

    /** A zero vector (the norm-0 path of every codec) must come back as zeros, not NaN. */
    @Test
    void zeroVectorsRoundTripToZeros() {
        for (String id : KvCodecs.IDS) {
            for (double bits : KvCodecs.bitWidths(id).isEmpty() ? List.of(0.0) : KvCodecs.bitWidths(id)) {
                KvCodec codec = KvCodecs.of(id, bits, 128);
                MemorySegment block = Arena.ofAuto().allocate(codec.bytesPerVector());
                float[] decoded = new float[128];
                java.util.Arrays.fill(decoded, Float.NaN);
                codec.encode(new float[128], 0, block, 0);
                codec.decode(block, 0, decoded, 0);
                for (float v : decoded) {
                    assertThat(v == 0).as("%s/%s decodes zero to %s", id, bits, v).isTrue();
                }
            }
        }
    }
}
