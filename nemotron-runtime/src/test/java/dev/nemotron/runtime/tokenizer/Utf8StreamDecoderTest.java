package dev.nemotron.runtime.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class Utf8StreamDecoderTest {

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    @Test
    void holdsAMultiByteCharacterUntilItsLastByteArrives() {
        Utf8StreamDecoder decoder = new Utf8StreamDecoder();
        byte[] emoji = "😀".getBytes(StandardCharsets.UTF_8);

        assertThat(decoder.decode(new byte[] {emoji[0]})).isEmpty();
        assertThat(decoder.decode(new byte[] {emoji[1], emoji[2]})).isEmpty();
        assertThat(decoder.hasPending()).isTrue();
        assertThat(decoder.decode(new byte[] {emoji[3], 'x'})).isEqualTo("😀x");
        assertThat(decoder.hasPending()).isFalse();
    }

    @Test
    void replacesASequenceThatCannotCompleteAndKeepsTheByteThatBrokeIt() {
        Utf8StreamDecoder decoder = new Utf8StreamDecoder();

        assertThat(decoder.decode(bytes(0xE4, 0xBD))).isEmpty();
        assertThat(decoder.decode(bytes('a'))).isEqualTo("\uFFFDa");
    }

    @Test
    void replacesEachMaximalInvalidSubpartOfStrayOverlongSurrogateAndTooLargeSequences() {
        // One U+FFFD per byte here, as Unicode's "maximal subpart" practice (and Python's decoder) gives.
        byte[] invalid = bytes(0x80, 0xC0, 0xAF, 0xED, 0xA0, 0x80, 0xF4, 0x90, 0x80, 0x80, 'z');
        Utf8StreamDecoder decoder = new Utf8StreamDecoder();

        assertThat(decoder.decode(invalid)).isEqualTo("\uFFFD".repeat(10) + "z");
    }

    @Test
    void anUnfinishedCharacterAtTheEndBecomesOneReplacement() {
        Utf8StreamDecoder decoder = new Utf8StreamDecoder();

        assertThat(decoder.decode(bytes(0xF0, 0x9F, 0x98))).isEmpty();
        assertThat(decoder.finish()).isEqualTo("\uFFFD");
        assertThat(decoder.finish()).isEmpty();
    }
}
