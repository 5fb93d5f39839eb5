package dev.nemotron.runtime.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.nemotron.runtime.testing.SharedData;
import dev.nemotron.runtime.weights.GgmlType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class GgufFileTest {

    private static final ValueLayout.OfFloat F32 =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @TempDir
    Path dir;

    @Test
    void readsTheGoldenModelAsItsSidecarDescribesIt() {
        JsonNode sidecar = new ObjectMapper().readTree(SharedData.golden("models/tiny-f32.json").toFile());
        try (GgufFile file = GgufFile.open(SharedData.goldenModel("tiny-f32"))) {
            assertThat(file.version()).isEqualTo(3);
            assertThat(file.metadata().getString("general.architecture")).isEqualTo("nemotron_h_moe");
            assertThat(file.metadata().getIntArray("nemotron_h_moe.feed_forward_length"))
                    .containsExactly(0, 32, 0, 0, 32, 0, 32);
            assertThat(file.metadata().getFloat("nemotron_h_moe.expert_weights_scale")).isEqualTo(2.5f);
            assertThat(file.metadata().getStringArray("tokenizer.ggml.tokens")).hasSize(512).startsWith("<unk>");
            JsonNode tensors = sidecar.get("tensors");
            assertThat(file.tensors()).hasSize(tensors.size());
            for (JsonNode expected : tensors) {
                GgufTensorInfo t = file.tensor(expected.get("name").asString());
                assertThat(t.type().name()).isEqualTo(expected.get("type").asString());
                assertThat(t.byteSize()).isEqualTo(expected.get("n_bytes").asLong());
                // the sidecar's data_offset counts from the start of the file
                assertThat(t.dataOffset()).isEqualTo(expected.get("data_offset").asLong());
                assertThat(t.shapeString()).isEqualTo(expected.get("ggml_ne").toString().replace("[", "{")
                        .replace("]", "}").replace(",", ", "));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void writerAndReaderAgreeOnEveryValueTypeIncludingNestedArrays(int version) throws IOException {
        GgufArray inner = new GgufArray(GgufValueType.UINT8, List.of(1L, 255L));
        GgufArray nested = new GgufArray(GgufValueType.ARRAY, List.of(inner, inner));
        GgufWriter writer = new GgufWriter().version(version).alignment(64)
                .put("u8", new GgufValue(GgufValueType.UINT8, 200L))
                .put("i8", new GgufValue(GgufValueType.INT8, -100L))
                .put("u16", new GgufValue(GgufValueType.UINT16, 60000L))
                .put("i16", new GgufValue(GgufValueType.INT16, -30000L))
                .put("u32", GgufValue.uint32(4_000_000_000L))
                .put("i32", GgufValue.int32(-2_000_000_000L))
                .put("f32", GgufValue.float32(0.25f))
                .put("bool", GgufValue.bool(true))
                .put("str", GgufValue.string("héllo"))
                .put("u64", GgufValue.uint64(1L << 40))
                .put("i64", new GgufValue(GgufValueType.INT64, -(1L << 40)))
                .put("f64", new GgufValue(GgufValueType.FLOAT64, 1e-300))
                .put("nested", new GgufValue(GgufValueType.ARRAY, nested))
                .put("u16s", new GgufValue(GgufValueType.ARRAY, new GgufArray(GgufValueType.UINT16, List.of(7L, 9L))))
                .addTensor("t", GgmlType.F32, new long[] {4, 2}, new float[] {1, 2, 3, 4, 5, 6, 7, 8});
        Path path = dir.resolve("all.gguf");
        writer.write(path);

        try (GgufFile file = GgufFile.open(path)) {
            GgufMetadata m = file.metadata();
            assertThat(file.version()).isEqualTo(version);
            assertThat(m.getInt("u8")).isEqualTo(200);
            assertThat(m.getInt("i8")).isEqualTo(-100);
            assertThat(m.getInt("u16")).isEqualTo(60000);
            assertThat(m.getInt("i16")).isEqualTo(-30000);
            assertThat(m.getLong("u32")).isEqualTo(4_000_000_000L);
            assertThat(m.getInt("i32")).isEqualTo(-2_000_000_000);
            assertThat(m.getFloat("f32")).isEqualTo(0.25f);
            assertThat(m.getBoolean("bool")).isTrue();
            assertThat(m.getString("str")).isEqualTo("héllo");
            assertThat(m.getLong("u64")).isEqualTo(1L << 40);
            assertThat(m.getLong("i64")).isEqualTo(-(1L << 40));
            assertThat(m.get("f64").orElseThrow().value()).isEqualTo(1e-300);
            assertThat(m.get("nested").orElseThrow().value()).isEqualTo(nested);
            assertThat(m.getIntArray("u16s")).containsExactly(7, 9);
            assertThat(m.getLong("general.alignment")).isEqualTo(64);
            GgufTensorInfo t = file.tensor("t");
            assertThat(t.dataOffset() % 64).isZero();
            assertThat(file.data(t).get(F32, 7 * 4)).isEqualTo(8f);
        }
    }

    @Test
    void perLayerKeysAcceptAScalarForEveryLayer() throws IOException {
        Path path = dir.resolve("scalar.gguf");
        new GgufWriter().putUint32("n", 5).putInt32Array("arr", 1, 2, 3).write(path);
        try (GgufFile file = GgufFile.open(path)) {
            assertThat(file.metadata().getIntArray("n", 3)).containsExactly(5, 5, 5);
            assertThat(file.metadata().getIntArray("arr", 3)).containsExactly(1, 2, 3);
            assertThatThrownBy(() -> file.metadata().getIntArray("arr", 4))
                    .hasMessageContaining("scalar.gguf").hasMessageContaining("key arr has 3 elements, expected 4");
        }
    }

    @Test
    void typedAccessorsNameTheFileAndKey() throws IOException {
        Path path = dir.resolve("typed.gguf");
        new GgufWriter().putString("s", "x").write(path);
        try (GgufFile file = GgufFile.open(path)) {
            GgufMetadata m = file.metadata();
            assertThatThrownBy(() -> m.getInt("missing")).isInstanceOf(GgufFormatException.class)
                    .hasMessage(path + ": required key missing is missing");
            assertThatThrownBy(() -> m.getInt("s")).hasMessage(path + ": key s is STRING, expected an integer");
            assertThat(m.getInt("missing", 7)).isEqualTo(7);
            assertThat(m.getBoolean("missing", true)).isTrue();
            assertThatThrownBy(() -> file.tensor("w")).hasMessage(path + ": required tensor w is missing");
        }
    }

    @Test
    void tensorsBeyondTwoGibibytesAreMappedWithLongOffsets() throws IOException {
        Path path = dir.resolve("big.gguf");
        long[] hugeShape = {(1L << 29) + 64};
        new GgufWriter().addZeroTensor("huge", GgmlType.F32, hugeShape)
                .addTensor("after", GgmlType.F32, new long[] {4}, new float[] {1, 2, 3, 4.5f})
                .write(path);
        try (GgufFile file = GgufFile.open(path)) {
            assertThat(file.tensor("huge").byteSize()).isGreaterThan(Integer.MAX_VALUE);
            GgufTensorInfo after = file.tensor("after");
            assertThat(after.dataOffset()).isGreaterThan(Integer.MAX_VALUE);
            assertThat(file.data(after).get(F32, 12)).isEqualTo(4.5f);
            assertThat(file.data(file.tensor("huge")).get(F32, (1L << 31) + 200)).isZero();
        }
    }

    @Test
    void badMagicIsRejected() throws IOException {
        Path path = corrupt(bytes -> bytes[0] = 'X');
        assertThatThrownBy(() -> GgufFile.open(path)).isInstanceOf(GgufFormatException.class)
                .hasMessage(path + ": bad magic 0x46554758, not a GGUF file");
    }

    @Test
    void unsupportedVersionIsRejected() throws IOException {
        Path path = corrupt(bytes -> bytes[4] = 7);
        assertThatThrownBy(() -> GgufFile.open(path))
                .hasMessage(path + ": unsupported GGUF version 7 (supported: 2, 3)");
    }

    @Test
    void truncatedHeaderIsRejected() throws IOException {
        Path source = sample();
        Path path = dir.resolve("truncated.gguf");
        Files.write(path, java.util.Arrays.copyOf(Files.readAllBytes(source), 50));
        assertThatThrownBy(() -> GgufFile.open(path)).isInstanceOf(GgufFormatException.class).hasMessage(path
                + ": truncated header: length of value of longer key at offset 46 needs 8 bytes, the file has 50");
    }

    @Test
    void stringLengthBeyondTheFileIsRejected() throws IOException {
        Path path = corrupt(bytes -> putLong(bytes, 24, 1L << 40));
        assertThatThrownBy(() -> GgufFile.open(path))
                .hasMessage(path + ": metadata key at offset 24 has length 1099511627776, larger than the file");
    }

    @Test
    void arrayCountBeyondTheFileIsRejected() throws IOException {
        Path path = dir.resolve("array.gguf");
        new GgufWriter().putInt32Array("a", 1, 2).write(path);
        byte[] bytes = Files.readAllBytes(path);
        // header 24, key length 8 + "a", type 4, element type 4: the count follows
        putLong(bytes, 24 + 8 + 1 + 4 + 4, 1L << 50);
        Files.write(path, bytes);
        assertThatThrownBy(() -> GgufFile.open(path)).hasMessageStartingWith(path + ": element count of array a ")
                .hasMessageEndingWith("is larger than the file can hold");
    }

    @Test
    void tensorDataOutsideTheFileIsRejected() throws IOException {
        Path source = sample();
        Path path = dir.resolve("short.gguf");
        byte[] bytes = Files.readAllBytes(source);
        Files.write(path, java.util.Arrays.copyOf(bytes, bytes.length - 8));
        assertThatThrownBy(() -> GgufFile.open(path)).hasMessageStartingWith(path + ": tensor w: data [")
                .hasMessageContaining("lies outside the file");
    }

    @Test
    void unknownTensorTypeIsRejected() throws IOException {
        Path path = corrupt(bytes -> putInt(bytes, tensorTypeOffset(bytes), 99));
        assertThatThrownBy(() -> GgufFile.open(path)).hasMessage(path + ": tensor w has unknown type id 99");
    }

    /** Writes a small valid file: one string key and one 2×32 F32 tensor named w. */
    private Path sample() throws IOException {
        Path path = dir.resolve("sample.gguf");
        new GgufWriter().putString("longer key", "value").addTensor("w", GgmlType.F32, new long[] {32, 2},
                new float[64]).write(path);
        return path;
    }

    private Path corrupt(java.util.function.Consumer<byte[]> change) throws IOException {
        byte[] bytes = Files.readAllBytes(sample());
        change.accept(bytes);
        Path path = dir.resolve("corrupt.gguf");
        Files.write(path, bytes);
        return path;
    }

    /** The sample's tensor info follows its one key: name "w", 2 dims of u64, then the type. */
    private static int tensorTypeOffset(byte[] bytes) {
        int kv = 24 + 8 + "longer key".length() + 4 + 8 + "value".length();
        return kv + 8 + 1 + 4 + 2 * 8;
    }

    private static void putLong(byte[] bytes, int at, long v) {
        MemorySegment.ofArray(bytes).set(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), at, v);
    }

    private static void putInt(byte[] bytes, int at, int v) {
        MemorySegment.ofArray(bytes).set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), at, v);
    }
}
