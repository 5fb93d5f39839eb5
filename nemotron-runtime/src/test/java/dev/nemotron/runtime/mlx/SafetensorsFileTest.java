package dev.nemotron.runtime.mlx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The safetensors reader takes a well-formed file at unaligned offsets, and rejects every header that lies about
 * its tensors with an {@link MlxFormatException} naming the file and the tensor, before any data is read.
 */
class SafetensorsFileTest {

    @TempDir
    Path dir;

    /** A file of the given header and {@code dataBytes} data bytes {@code 0, 1, 2 …}. */
    private Path file(String header, int dataBytes) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json);
        for (int i = 0; i < dataBytes; i++) {
            b.put((byte) i);
        }
        Path path = dir.resolve("model.safetensors");
        Files.write(path, b.array());
        return path;
    }

    @Test
    void readsTensorsAtUnalignedOffsetsOfTheDataRegion() throws IOException {
        Path path = file("{\"__metadata__\":{\"format\":\"mlx\"},\"b\":{\"dtype\":\"U8\",\"shape\":[3],"
                + "\"data_offsets\":[1,4]},\"a\":{\"dtype\":\"BF16\",\"shape\":[2,1],\"data_offsets\":[4,8]}}", 9);
        try (SafetensorsFile f = SafetensorsFile.open(path)) {
            SafetensorsTensor b = f.find("b").orElseThrow();
            SafetensorsTensor a = f.find("a").orElseThrow();

            assertThat(f.metadata()).containsEntry("format", "mlx");
            assertThat(b.data().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)).containsExactly(1, 2, 3);
            assertThat(a.shape()).containsExactly(2, 1);
            assertThat(a.value(0)).isEqualTo(Float.intBitsToFloat(0x05040000));
            assertThat(a.value(1)).isEqualTo(Float.intBitsToFloat(0x07060000));
        }
    }

    @Test
    void acceptsAHeaderPaddedWithSpacesAsTheRustWriterPadsIt() throws IOException {
        Path path = file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}       ", 4);
        try (SafetensorsFile f = SafetensorsFile.open(path)) {
            assertThat(f.tensors()).containsOnlyKeys("w");
            assertThat(f.find("w").orElseThrow().byteSize()).isEqualTo(4);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "data beyond the file | {\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}} | 8 "
                + "| tensor w data_offsets [0, 16] lie outside the data region of 8 bytes",
        "end before begin | {\"w\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[4,2]}} | 8 "
                + "| tensor w data_offsets [4, 2] lie outside",
        "shape larger than the bytes | {\"w\":{\"dtype\":\"F16\",\"shape\":[2,3],\"data_offsets\":[0,8]}} | 8 "
                + "| tensor w shape [2, 3] of F16 needs 12 bytes, but data_offsets [0, 8] hold 8",
        "dtype larger than the bytes | {\"w\":{\"dtype\":\"U32\",\"shape\":[2],\"data_offsets\":[0,2]}} | 8 "
                + "| tensor w shape [2] of U32 needs 8 bytes",
        "overlapping tensors | {\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[2,6]}} | 8 | tensor b overlaps tensor a",
        "unsupported dtype | {\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}} | 8 "
                + "| tensor w has dtype F64; supported: U8, U32, F16, BF16, F32",
        "negative dimension | {\"w\":{\"dtype\":\"U8\",\"shape\":[-1],\"data_offsets\":[0,0]}} | 8 "
                + "| tensor w shape[0] = -1 is not a non-negative integer",
        "overflowing shape | {\"w\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],"
                + "\"data_offsets\":[0,8]}} | 8 | tensor w shape [4611686018427387904, 4] overflows",
        "fractional offset | {\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0.5,1]}} | 8 "
                + "| tensor w data_offsets[0] = 0.5 is not a non-negative integer",
        "missing dtype | {\"w\":{\"shape\":[1],\"data_offsets\":[0,1]}} | 8 | tensor w has no dtype",
        "missing offsets | {\"w\":{\"dtype\":\"U8\",\"shape\":[1]}} | 8 | tensor w has no valid data_offsets",
        "duplicate name | {\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},"
                + "\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,2]}} | 8 | header is not valid JSON",
        "not an object | [1,2,3] | 8 | header is not a JSON object",
        "not JSON | {\"w\": | 8 | header is not valid JSON",
    })
    void headerThatLiesIsATypedErrorNamingFileAndTensor(String what, String header, int data, String message)
            throws IOException {
        Path path = file(header, data);

        assertThatThrownBy(() -> SafetensorsFile.open(path)).isInstanceOf(MlxFormatException.class)
                .hasMessageStartingWith(path.toString()).hasMessageContaining(message);
    }

    @Test
    void headerLengthBeyondTheFileIsATypedError() throws IOException {
        Path path = dir.resolve("long.safetensors");
        Files.write(path, ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(5).array());

        assertThatThrownBy(() -> SafetensorsFile.open(path)).isInstanceOf(MlxFormatException.class)
                .hasMessageContaining("header length 5 is impossible: the file has 4 bytes after the length field");
    }

    @Test
    void absurdHeaderLengthIsATypedError() throws IOException {
        Path path = dir.resolve("absurd.safetensors");
        Files.write(path, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MIN_VALUE + 7).array());

        assertThatThrownBy(() -> SafetensorsFile.open(path)).isInstanceOf(MlxFormatException.class)
                .hasMessageContaining("header length " + (Long.MIN_VALUE + 7) + " is impossible");
    }

    @Test
    void fileShorterThanTheLengthFieldIsATypedError() throws IOException {
        Path path = dir.resolve("short.safetensors");
        Files.write(path, new byte[] {1, 0, 0});

        assertThatThrownBy(() -> SafetensorsFile.open(path)).isInstanceOf(MlxFormatException.class)
                .hasMessageContaining("3 bytes is too short for a safetensors file");
    }

    @Test
    void missingFileIsATypedError() {
        Path path = dir.resolve("absent.safetensors");

        assertThatThrownBy(() -> SafetensorsFile.open(path)).isInstanceOf(MlxFormatException.class)
                .hasMessageContaining("absent.safetensors: cannot be read");
    }
}
