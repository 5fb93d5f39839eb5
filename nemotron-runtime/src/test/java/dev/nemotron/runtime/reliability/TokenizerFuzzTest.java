package dev.nemotron.runtime.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.nemotron.runtime.gguf.GgufFile;
import dev.nemotron.runtime.testing.SharedData;
import dev.nemotron.runtime.tokenizer.StreamingDetokenizer;
import dev.nemotron.runtime.tokenizer.Tokenizer;
import dev.nemotron.runtime.tokenizer.Utf8StreamDecoder;
import dev.nemotron.runtime.tokenizer.Vocabulary;

/**
 * Coverage-guided fuzzing of the tokenizer on the golden {@code tiny256} vocabulary (llama.cpp's byte-level BPE
 * with the {@code pixtral} pre-split). The properties checked are those of byte-level BPE and of the JDK's UTF-8
 * decoder, not of a recorded output: encoding never fails, yields ids of the vocabulary whose pieces spell the
 * text; the streaming detokenizer emits the pieces' text; the streaming UTF-8 decoder gives the same text however
 * the bytes are chunked, the JDK's text on valid UTF-8.
 */
class TokenizerFuzzTest {

    private static final Tokenizer TOKENIZER = goldenTokenizer();
    private static final int SIZE = TOKENIZER.vocabulary().size();

    /**
     * Byte 0 chooses the flags (bit 0 add special, bit 1 parse special, bit 2 read the rest as UTF-16, which
     * reaches lone surrogates); the rest is the text. Byte-level BPE loses nothing: the pieces of the ids spell
     * the text's UTF-8 bytes again, special tokens included when they were parsed. ({@link Tokenizer#decode}
     * is not the inverse: like llama.cpp's detokenizer it cleans the space before punctuation, {@code " !"} to
     * {@code "!"}, for the pixtral vocabulary.)
     */
    @FuzzTest(maxDuration = "30s")
    void encodeYieldsVocabularyIdsThatSpellTheText(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int flags = input[0];
        String text = new String(input, 1, input.length - 1,
                (flags & 4) != 0 ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_8);
        boolean parseSpecial = (flags & 2) != 0;
        int[] withSpecial = TOKENIZER.encode(text, (flags & 1) != 0, parseSpecial);
        assertThat(Arrays.stream(withSpecial).allMatch(id -> id >= 0 && id < SIZE)).as("ids in the vocabulary")
                .isTrue();
        if (isWellFormed(text)) {
            assertThat(pieces(TOKENIZER.encode(text, false, parseSpecial), parseSpecial))
                    .isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Pairs of bytes are token ids modulo a little more than the vocabulary. An id outside it is refused with an
     * {@link IllegalArgumentException}. Otherwise the streamed text is the ids' pieces decoded as UTF-8: exactly
     * the JDK's decoding when the pieces are valid UTF-8, and the same characters apart from U+FFFD when not
     * (see {@link #streamingUtf8DecoderAgreesWithTheJdk}).
     */
    @FuzzTest(maxDuration = "30s")
    void streamedTextIsTheDecodedPieces(byte[] input) {
        int[] ids = new int[input.length / 2];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = ((input[2 * i] & 0xFF) | (input[2 * i + 1] & 0xFF) << 8) % (SIZE + 8);
        }
        boolean special = input.length % 2 == 1;
        for (int id : ids) {
            if (id >= SIZE) {
                assertThatThrownBy(() -> TOKENIZER.decode(ids, special))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token id " + id);
                return;
            }
        }
        StreamingDetokenizer stream = new StreamingDetokenizer(TOKENIZER.vocabulary(), special);
        StringBuilder streamed = new StringBuilder();
        for (int id : ids) {
            streamed.append(stream.accept(id));
        }
        streamed.append(stream.finish());
        assertAgreesWithTheJdk(streamed.toString(), pieces(ids, special));
    }

    /**
     * Byte 0 is the chunk length (1 to 8); the rest are the bytes, fed chunk by chunk. However chunked, the text
     * is the same as decoding all bytes at once; for valid UTF-8 it is the JDK's; for invalid UTF-8 the characters
     * other than U+FFFD are the JDK's (the JDK replaces an encoded surrogate such as {@code ED A0 80} by one U+FFFD,
     * the decoder by one per maximal subpart, three, as Unicode recommends and Python does).
     */
    @FuzzTest(maxDuration = "30s")
    void streamingUtf8DecoderAgreesWithTheJdk(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] bytes = Arrays.copyOfRange(input, 1, input.length);
        String chunked = decodeInChunks(bytes, (input[0] & 7) + 1);
        assertThat(chunked).isEqualTo(decodeInChunks(bytes, Math.max(1, bytes.length)));
        assertAgreesWithTheJdk(chunked, bytes);
    }

    private static void assertAgreesWithTheJdk(String decoded, byte[] bytes) {
        String jdk = new String(bytes, StandardCharsets.UTF_8);
        if (isValidUtf8(bytes)) {
            assertThat(decoded).isEqualTo(jdk);
        } else {
            assertThat(decoded.replace("\uFFFD", "")).isEqualTo(jdk.replace("\uFFFD", ""));
        }
    }

    private static byte[] pieces(int[] ids, boolean special) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int id : ids) {
            out.writeBytes(TOKENIZER.piece(id, special));
        }
        return out.toByteArray();
    }

    private static String decodeInChunks(byte[] bytes, int chunk) {
        Utf8StreamDecoder decoder = new Utf8StreamDecoder();
        StringBuilder out = new StringBuilder();
        for (int from = 0; from < bytes.length; from += chunk) {
            out.append(decoder.decode(Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + chunk))));
        }
        return out.append(decoder.finish()).toString();
    }

    private static boolean isValidUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean isWellFormed(String text) {
        return text.codePoints().noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
    }

    private static Tokenizer goldenTokenizer() {
        try (GgufFile file = GgufFile.open(SharedData.goldenModel("tiny256-f32"))) {
            return new Tokenizer(Vocabulary.fromGgufMetadata(file.metadata()::plain));
        }
    }
}
