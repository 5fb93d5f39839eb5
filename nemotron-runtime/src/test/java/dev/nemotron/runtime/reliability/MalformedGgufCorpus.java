package dev.nemotron.runtime.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

import dev.nemotron.runtime.gguf.GgufArray;
import dev.nemotron.runtime.gguf.GgufFile;
import dev.nemotron.runtime.gguf.GgufValue;
import dev.nemotron.runtime.gguf.GgufValueType;
import dev.nemotron.runtime.gguf.GgufWriter;
import dev.nemotron.runtime.reliability.GgufLayout.Field;
import dev.nemotron.runtime.reliability.GgufLayout.Kind;
import dev.nemotron.runtime.synthetic.Geometry;
import dev.nemotron.runtime.synthetic.SyntheticModel;
import dev.nemotron.runtime.synthetic.TensorTypes;
import dev.nemotron.runtime.weights.GgmlType;

/**
 * Generates the malformed-container corpus: a small valid GGUF file written by {@link GgufWriter}, then one copy
 * per case, truncated at a field boundary or with one field overwritten by a lie. Each case carries the phrase
 * the reader's message must contain.
 *
 * <p>{@link #main} writes the corpus as the seed inputs of {@link GgufFuzzTest}, so the fuzzer starts from every
 * boundary the reader checks.
 */
final class MalformedGgufCorpus {

    /**
     * One malformed file.
     *
     * @param name     a file name for the case, unique in the corpus
     * @param bytes    the file's content
     * @param expected phrases separated by {@code |}, one of which the reader's message must contain; empty when
     *                 any typed error will do (a count one too large makes the reader misread what follows)
     */
    record Case(String name, byte[] bytes, String expected) {

        @Override
        public String toString() {
            return name;
        }
    }

    /** Mamba, MoE and attention blocks, hidden 32, a tied output head: every mixer's tensors, in 200 KB. */
    static final Geometry SMALL_MODEL =
            new Geometry("ME*", 32, 2, 1, 16, 4, 8, 8, 2, 4, 4, 2, 16, 16, 32, Geometry.MIN_VOCAB, true);

    static final String TRUNCATED = "truncated header";
    static final String TOO_LARGE = "larger than the file";
    static final String OUTSIDE = "lies outside the file";
    /** A file cut at a field's start fails on that field, or on a count or length the rest cannot hold. */
    static final String ANY_TRUNCATION = TRUNCATED + "|" + TOO_LARGE + "|" + OUTSIDE;

    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final byte[] base;
    private final List<Field> fields;
    private final List<Case> cases = new ArrayList<>();

    private MalformedGgufCorpus(byte[] base) {
        this.base = base;
        this.fields = GgufLayout.of(base);
    }

    /** Every case, generated afresh. */
    static List<Case> cases() {
        MalformedGgufCorpus corpus = new MalformedGgufCorpus(baseFile());
        corpus.truncations();
        corpus.lyingLengths();
        corpus.header();
        corpus.valueTypes();
        corpus.tensorInfos();
        corpus.tensorOffsets();
        corpus.handMade();
        return List.copyOf(corpus.cases);
    }

    /**
     * The valid file every case starts from: scalar, string, string-array and nested-array metadata, and three
     * tensors (F32 2-D, Q8_0 1-D, F16 3-D) in the default alignment of 32.
     */
    static byte[] baseFile() {
        GgufArray shortRow = new GgufArray(GgufValueType.UINT8, List.of(1L, 2L));
        GgufArray longRow = new GgufArray(GgufValueType.UINT8, List.of(3L, 4L, 5L));
        return write(new GgufWriter()
                .putString("general.architecture", "corpus")
                .putUint32("corpus.count", 7)
                .putFloat32("corpus.epsilon", 1e-5f)
                .putBool("corpus.flag", true)
                .put("corpus.words", GgufValue.stringArray(List.of("alpha", "beta")))
                .put("corpus.rows", new GgufValue(GgufValueType.ARRAY,
                        new GgufArray(GgufValueType.ARRAY, List.of(shortRow, longRow))))
                .addTensor("a", GgmlType.F32, new long[] {8, 2}, ramp(16))
                .addTensor("b", GgmlType.Q8_0, new long[] {32}, ramp(32))
                .addTensor("c", GgmlType.F16, new long[] {4, 2, 2}, ramp(16)));
    }

    private void truncations() {
        for (Field f : fields) {
            String expected = switch (f.kind()) {
                case PADDING, TENSOR_DATA -> OUTSIDE;
                default -> ANY_TRUNCATION;
            };
            add("truncated-at-" + slug(f.what()), Arrays.copyOf(base, f.offset()), expected);
            if (f.length() > 1) {
                add("truncated-inside-" + slug(f.what()), Arrays.copyOf(base, f.offset() + f.length() / 2),
                        expected);
            }
        }
    }

    private void lyingLengths() {
        for (Field f : select(k -> k == Kind.STRING_LENGTH || k == Kind.ARRAY_COUNT || k == Kind.TENSOR_COUNT
                || k == Kind.KV_COUNT)) {
            long pastEnd = base.length - (f.offset() + 8L) + 1;
            String what = slug(f.what());
            add(what + "-2^63-1", u64(f, Long.MAX_VALUE), TOO_LARGE);
            add(what + "-2^63", u64(f, Long.MIN_VALUE), TOO_LARGE);
            add(what + "-2^64-1", u64(f, -1L), TOO_LARGE);
            add(what + "-past-the-end", u64(f, pastEnd), TOO_LARGE);
        }
        for (Field f : select(k -> k == Kind.ARRAY_COUNT || k == Kind.TENSOR_COUNT || k == Kind.KV_COUNT)) {
            add(slug(f.what()) + "-one-more", u64(f, readU64(f) + 1), null);
        }
    }

    private void header() {
        Field magic = fields.getFirst();
        add("magic-lower-case", u32(magic, 0x66756767), "bad magic");
        add("magic-zero", u32(magic, 0), "bad magic");
        Field version = fields.get(1);
        for (long v : new long[] {0, 1, 4, 0xFFFF_FFFFL}) {
            add("version-" + v, u32(version, (int) v), "unsupported GGUF version " + v);
        }
        add("empty-file", new byte[0], TRUNCATED);
    }

    private void valueTypes() {
        for (Field f : select(k -> k == Kind.VALUE_TYPE)) {
            add(slug(f.what()) + "-13", u32(f, 13), "unknown value type 13");
            add(slug(f.what()) + "-2^32-1", u32(f, -1), "unknown value type 4294967295");
        }
        for (Field f : select(k -> k == Kind.ELEMENT_TYPE)) {
            add(slug(f.what()) + "-13", u32(f, 13), "unknown element type 13");
        }
    }

    private void tensorInfos() {
        for (Field f : select(k -> k == Kind.DIM_COUNT)) {
            for (long dims : new long[] {0, 5, Integer.MAX_VALUE, 0xFFFF_FFFFL}) {
                add(slug(f.what()) + "-" + dims, u32(f, (int) dims), "dimensions (1 to 4 allowed)");
            }
        }
        for (Field f : select(k -> k == Kind.DIM)) {
            String what = slug(f.what());
            add(what + "-0", u64(f, 0), "= 0");
            add(what + "-2^63", u64(f, Long.MIN_VALUE), "= 9223372036854775808");
            add(what + "-2^40", u64(f, 1L << 40), OUTSIDE);
            add(what + "-2^62", u64(f, 1L << 62), "is too large|" + OUTSIDE);
        }
        for (Field f : select(k -> k == Kind.TENSOR_TYPE)) {
            String what = slug(f.what());
            add(what + "-99", u32(f, 99), "unknown type id 99");
            add(what + "-4-removed-Q4_2", u32(f, 4), "unknown type id 4");
            add(what + "-2^32-1", u32(f, -1), "unknown type id 4294967295");
        }
        Field typeOfA = select(k -> k == Kind.TENSOR_TYPE).getFirst();
        add("type-of-a-Q4_K-rows-of-8", u32(typeOfA, GgmlType.Q4_K.id()), "is not a whole number of Q4_K blocks");
        add("shape-product-overflows-long", shape("c", 1L << 32, 1L << 32, 1L << 32), "is too large");
        add("shape-bytes-overflow-long", shape("a", 1L << 61, 1), "is too large");
    }

    private void tensorOffsets() {
        List<Field> offsets = select(k -> k == Kind.TENSOR_OFFSET);
        long fileEnd = (base.length + 31L) / 32 * 32;
        for (Field f : offsets) {
            String what = slug(f.what());
            add(what + "-at-the-file-end", u64(f, fileEnd), OUTSIDE);
            add(what + "-2^63-32", u64(f, Long.MAX_VALUE - 31), OUTSIDE);
            add(what + "-minus-32", u64(f, -32), OUTSIDE);
            add(what + "-misaligned", u64(f, readU64(f) + 1), "is not a multiple of the alignment 32");
        }
        add("tensor-b-overlaps-a", u64(offsets.get(1), readU64(offsets.get(0))), "overlaps");
        add("tensor-c-inside-b", u64(offsets.get(2), readU64(offsets.get(1)) + 32), "overlaps");
    }

    private void handMade() {
        add("alignment-0", write(withBase().put("general.alignment", GgufValue.uint32(0))),
                "general.alignment = 0 is not a positive power of two");
        add("alignment-48", write(withBase().put("general.alignment", GgufValue.uint32(48))),
                "general.alignment = 48 is not a positive power of two");
        add("alignment-string", write(withBase().putString("general.alignment", "32")),
                "key general.alignment is STRING, expected an integer");
        add("alignment-2^31", write(withBase().put("general.alignment", GgufValue.uint32(1L << 31))), OUTSIDE);
        add("duplicate-key", duplicateKey(), "key corpus.count is defined twice");
        add("duplicate-tensor", write(withBase().addTensor("a", GgmlType.F32, new long[] {8}, ramp(8))),
                "tensor a is defined twice");
        add("arrays-nested-100000-deep", nestedArrays(100_000), "nested deeper than");
        add("not-gguf-text", "hello, world\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), "bad magic");
    }

    /** The base file's writer, for cases that are valid to the writer but not to the reader. */
    private static GgufWriter withBase() {
        return new GgufWriter().putString("general.architecture", "corpus")
                .addTensor("a", GgmlType.F32, new long[] {8, 2}, ramp(16));
    }

    /** Two keys of the same name: the writer's map cannot hold them, so the second key's name is overwritten. */
    private static byte[] duplicateKey() {
        byte[] bytes = write(new GgufWriter().putUint32("corpus.count", 1).putUint32("corpus.cnt_2", 2));
        String file = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = file.indexOf("corpus.cnt_2");
        byte[] replacement = "corpus.count".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        System.arraycopy(replacement, 0, bytes, at, replacement.length);
        return bytes;
    }

    /** One key holding an array of arrays {@code depth} levels deep, each level one element. */
    static byte[] nestedArrays(int depth) {
        byte[] key = "deep".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        MemorySegment out = MemorySegment.ofArray(new byte[24 + 8 + key.length + 4 + depth * 12 + 12]);
        long at = 0;
        out.set(U32, at, 0x46554747);
        out.set(U32, at + 4, 3);
        out.set(U64, at + 8, 0);
        out.set(U64, at + 16, 1);
        at = 24;
        out.set(U64, at, key.length);
        MemorySegment.copy(MemorySegment.ofArray(key), 0, out, at + 8, key.length);
        at += 8 + key.length;
        out.set(U32, at, GgufValueType.ARRAY.id());
        at += 4;
        for (int level = 0; level < depth; level++) {
            out.set(U32, at, GgufValueType.ARRAY.id());
            out.set(U64, at + 4, 1);
            at += 12;
        }
        out.set(U32, at, GgufValueType.UINT8.id());
        out.set(U64, at + 4, 0);
        return out.toArray(ValueLayout.JAVA_BYTE);
    }

    /** The base file with the dimensions of {@code tensor} overwritten (its dimension count kept). */
    private byte[] shape(String tensor, long... dims) {
        List<Field> tensorDims = fields.stream().filter(f -> f.kind() == Kind.DIM
                && f.what().endsWith(" of " + tensor)).toList();
        byte[] bytes = base.clone();
        for (int d = 0; d < dims.length && d < tensorDims.size(); d++) {
            MemorySegment.ofArray(bytes).set(U64, tensorDims.get(d).offset(), dims[d]);
        }
        return bytes;
    }

    private List<Field> select(Predicate<Kind> kinds) {
        return fields.stream().filter(f -> kinds.test(f.kind())).toList();
    }

    private void add(String name, byte[] bytes, String expected) {
        cases.add(new Case(name, bytes, expected == null ? "" : expected));
    }

    private long readU64(Field f) {
        return MemorySegment.ofArray(base).get(U64, f.offset());
    }

    private byte[] u64(Field f, long value) {
        byte[] bytes = base.clone();
        MemorySegment.ofArray(bytes).set(U64, f.offset(), value);
        return bytes;
    }

    private byte[] u32(Field f, int value) {
        byte[] bytes = base.clone();
        MemorySegment.ofArray(bytes).set(U32, f.offset(), value);
        return bytes;
    }

    private static String slug(String what) {
        return what.replaceAll("[^A-Za-z0-9_.^-]+", "-").replaceAll("-+$", "");
    }

    private static float[] ramp(int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (i - n / 2) / 4f;
        }
        return values;
    }

    private static byte[] write(GgufWriter writer) {
        try {
            Path file = Files.createTempFile("corpus", ".gguf");
            try {
                writer.write(file);
                return Files.readAllBytes(file);
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The metadata of a small synthetic NemotronH model without its tensors: a seed from which the fuzzer reaches
     * the model configuration and the vocabulary reader.
     */
    private static void writeNemotronHeader(Path out) throws IOException {
        Path model = Files.createTempFile("synthetic", ".gguf");
        try {
            SyntheticModel.of(SMALL_MODEL, TensorTypes.uniform(GgmlType.F32), 7).write(model);
            try (GgufFile file = GgufFile.open(model)) {
                GgufWriter header = GgufWriter.copyOf(file);
                file.tensors().keySet().forEach(header::removeTensor);
                header.write(out);
            }
        } finally {
            Files.delete(model);
        }
    }

    /** Writes every case to {@code args[0]} (default: the seed inputs of the GGUF fuzz test). */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0]
                : "src/test/resources/dev/nemotron/runtime/reliability/GgufFuzzTestInputs/openNeverFailsUntyped");
        Files.createDirectories(dir);
        Files.write(dir.resolve("valid.gguf"), baseFile());
        writeNemotronHeader(dir.resolve("nemotron-metadata-only.gguf"));
        for (Case c : cases()) {
            Files.write(dir.resolve(c.name() + ".gguf"), c.bytes());
        }
    }
}
