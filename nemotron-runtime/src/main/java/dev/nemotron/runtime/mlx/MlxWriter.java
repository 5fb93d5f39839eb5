package dev.nemotron.runtime.mlx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.nemotron.runtime.weights.Half;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes MLX checkpoints as mlx-lm lays them out, for tests and tools: one {@code model.safetensors} (compact
 * header with sorted keys and {@code __metadata__.format = mlx}, data unpadded), its index, and a
 * {@code config.json} with the {@code quantization} block (global parameters plus an entry per module quantized
 * differently), repeated as {@code quantization_config}.
 *
 * <p>Modules are quantized from F32 by MLX's CPU rule for affine (scale from the group's range, the larger-magnitude
 * end as bias at code 0, so the scale is negative when that end is the maximum) and by its GPU rule for mxfp4
 * (power-of-two scale from the group's absolute maximum, E2M1 codes rounded to nearest even). Any valid encoding
 * would load; these are the ones MLX writes.
 */
public final class MlxWriter {

    private record Pending(SafetensorsDtype dtype, long[] shape, byte[] data) {
    }

    private final Quantization.Spec global;
    private final SafetensorsDtype scaleType;
    private final Map<String, Pending> tensors = new TreeMap<>();
    private final Map<String, Quantization.Spec> overrides = new TreeMap<>();

    /**
     * @param global    the quantization recorded as the checkpoint's global block
     * @param scaleType dtype of affine scales and biases (mlx-lm uses the model dtype, usually BF16)
     */
    public MlxWriter(Quantization.Spec global, SafetensorsDtype scaleType) {
        if (!scaleType.floating()) {
            throw new IllegalArgumentException("scales must be F32, F16 or BF16, not " + scaleType);
        }
        this.global = global;
        this.scaleType = scaleType;
    }

    /** Adds tensor {@code name} of row-major {@code shape}, stored as {@code dtype} (F32, F16 or BF16). */
    public MlxWriter plain(String name, long[] shape, float[] values, SafetensorsDtype dtype) {
        checkSize(shape, values);
        ByteBuffer out = buffer(values.length * dtype.bytes());
        for (float v : values) {
            switch (dtype) {
                case F32 -> out.putFloat(v);
                case F16 -> out.putShort(Float.floatToFloat16(v));
                case BF16 -> out.putShort(Half.floatToBf16(v));
                case U8, U32 -> throw new IllegalArgumentException(dtype + " holds codes, not values");
            }
        }
        tensors.put(name, new Pending(dtype, shape.clone(), out.array()));
        return this;
    }

    /** Adds tensor {@code name} as already-encoded bytes, as when copying a tensor from another checkpoint. */
    public MlxWriter encoded(String name, SafetensorsDtype dtype, long[] shape, byte[] data) {
        if (SafetensorsTensor.elements(shape) * dtype.bytes() != data.length) {
            throw new IllegalArgumentException("%s: shape %s of %s takes %d bytes, got %d".formatted(name,
                    Arrays.toString(shape), dtype, SafetensorsTensor.elements(shape) * dtype.bytes(), data.length));
        }
        tensors.put(name, new Pending(dtype, shape.clone(), data.clone()));
        return this;
    }

    /**
     * Quantizes module {@code module} ({@code [..., out, in]} values, row-major) with {@code spec} into
     * {@code module.weight}, {@code module.scales} and, for affine, {@code module.biases}.
     */
    public MlxWriter quantized(String module, long[] shape, float[] values, Quantization.Spec spec) {
        checkSize(shape, values);
        int cols = Math.toIntExact(shape[shape.length - 1]);
        if (cols % spec.groupSize() != 0) {
            throw new IllegalArgumentException("%s: %d columns are not whole groups of %d"
                    .formatted(module, cols, spec.groupSize()));
        }
        int groups = values.length / spec.groupSize();
        long[] packed = shape.clone();
        packed[shape.length - 1] = (long) cols * spec.bits() / 32;
        long[] grouped = shape.clone();
        grouped[shape.length - 1] = cols / spec.groupSize();
        ByteBuffer codes = buffer(values.length / 8 * spec.bits());
        if (spec.mode() == Quantization.Mode.MXFP4) {
            byte[] scales = new byte[groups];
            for (int g = 0; g < groups; g++) {
                scales[g] = (byte) mxfp4Group(values, g * 32, codes.array(), g * 16);
            }
            tensors.put(module + ".scales", new Pending(SafetensorsDtype.U8, grouped, scales));
        } else {
            ByteBuffer scales = buffer(groups * scaleType.bytes());
            ByteBuffer biases = buffer(groups * scaleType.bytes());
            for (int g = 0; g < groups; g++) {
                float[] sb = affineGroup(values, g * spec.groupSize(), spec, codes.array());
                putScale(scales, sb[0]);
                putScale(biases, sb[1]);
            }
            tensors.put(module + ".scales", new Pending(scaleType, grouped, scales.array()));
            tensors.put(module + ".biases", new Pending(scaleType, grouped, biases.array()));
        }
        tensors.put(module + ".weight", new Pending(SafetensorsDtype.U32, packed, codes.array()));
        if (!spec.equals(global)) {
            overrides.put(module, spec);
        }
        return this;
    }

    /**
     * MLX's CPU affine rule for the group at {@code from}: codes into the row's bit stream, returns the float32
     * scale and bias (stored rounded to the scale dtype; the codes were chosen with the unrounded ones).
     */
    private static float[] affineGroup(float[] w, int from, Quantization.Spec spec, byte[] codes) {
        int n = spec.groupSize();
        int levels = (1 << spec.bits()) - 1;
        float min = w[from];
        float max = w[from];
        for (int i = 1; i < n; i++) {
            min = Math.min(min, w[from + i]);
            max = Math.max(max, w[from + i]);
        }
        float scale = Math.max((max - min) / levels, 1e-7f);
        float edge = min;
        if (Math.abs(min) <= Math.abs(max)) {
            scale = -scale;
            edge = max;
        }
        float q0 = (float) Math.rint(edge / scale);
        float bias = 0;
        if (q0 != 0) {
            scale = edge / q0;
            bias = edge;
        }
        for (int i = 0; i < n; i++) {
            int q = (int) Math.max(0, Math.min(levels, Math.rint((w[from + i] - bias) / scale)));
            putBits(codes, (long) (from + i) * spec.bits(), spec.bits(), q);
        }
        return new float[] {scale, bias};
    }

    /** Writes {@code value} at bit {@code bit} of the little-endian bit stream {@code codes}. */
    private static void putBits(byte[] codes, long bit, int bits, int value) {
        for (int b = 0; b < bits; b++) {
            if ((value >>> b & 1) != 0) {
                long at = bit + b;
                codes[(int) (at >>> 3)] |= (byte) (1 << (at & 7));
            }
        }
    }

    /** MLX's GPU mxfp4 rule for the 32 values at {@code from}; returns the E8M0 scale byte. */
    private static int mxfp4Group(float[] w, int from, byte[] codes, int at) {
        float amax = 0;
        for (int i = 0; i < Mxfp4Rows.GROUP; i++) {
            amax = Math.max(amax, Math.abs(w[from + i]));
        }
        double log2 = Math.log(amax / 6.0) / Math.log(2);
        int e = amax == 0 ? 0 : (int) Math.max(0, Math.min(254, roundHalfAway(log2) + 127));
        float scale = Mxfp4Rows.scale(e);
        for (int i = 0; i < Mxfp4Rows.GROUP; i += 2) {
            int lo = e2m1(w[from + i] / scale);
            int hi = e2m1(w[from + i + 1] / scale);
            codes[at + i / 2] = (byte) (lo | hi << 4);
        }
        return e;
    }

    private static long roundHalfAway(double x) {
        return (long) (Math.signum(x) * Math.floor(Math.abs(x) + 0.5));
    }

    /** The E2M1 code nearest to {@code x}, ties to the even code, clamped to ±6, the sign kept (−0 for −0.1). */
    static int e2m1(float x) {
        float a = Math.abs(x);
        int best = 0;
        for (int c = 1; c < 8; c++) {
            float d = Math.abs(Mxfp4Rows.E2M1[c] - a);
            float bestD = Math.abs(Mxfp4Rows.E2M1[best] - a);
            if (d < bestD || (d == bestD && (c & 1) == 0)) {
                best = c;
            }
        }
        return best | (Float.floatToRawIntBits(x) < 0 ? 8 : 0);
    }

    private void putScale(ByteBuffer out, float v) {
        switch (scaleType) {
            case F32 -> out.putFloat(v);
            case F16 -> out.putShort(Float.floatToFloat16(v));
            case BF16 -> out.putShort(Half.floatToBf16(v));
            case U8, U32 -> throw new IllegalStateException();
        }
    }

    /**
     * Writes {@code model.safetensors}, {@code model.safetensors.index.json} and {@code config.json} (the given
     * keys, then the quantization block) into {@code directory}, which must exist.
     */
    public void write(Path directory, Map<String, ?> config) {
        JsonMapper json = JsonMapper.builder().build();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("__metadata__", Map.of("format", "mlx"));
        Map<String, String> weightMap = new TreeMap<>();
        long offset = 0;
        for (Map.Entry<String, Pending> e : tensors.entrySet()) {
            Pending t = e.getValue();
            header.put(e.getKey(), Map.of("dtype", t.dtype().name(), "shape", t.shape(),
                    "data_offsets", List.of(offset, offset + t.data().length)));
            weightMap.put(e.getKey(), "model.safetensors");
            offset += t.data().length;
        }
        byte[] headerBytes = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        try (FileChannel out = FileChannel.open(directory.resolve("model.safetensors"), StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            out.write(buffer(8).putLong(headerBytes.length).flip());
            out.write(ByteBuffer.wrap(headerBytes));
            for (Pending t : tensors.values()) {
                out.write(ByteBuffer.wrap(t.data()));
            }
            Files.writeString(directory.resolve(MlxCheckpoint.INDEX), json.writeValueAsString(Map.of(
                    "metadata", Map.of("total_size", offset), "weight_map", weightMap)));
            Map<String, Object> full = new LinkedHashMap<>(config);
            full.put("quantization", quantizationBlock());
            full.put("quantization_config", quantizationBlock());
            Files.writeString(directory.resolve("config.json"),
                    json.writerWithDefaultPrettyPrinter().writeValueAsString(full));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Object> quantizationBlock() {
        Map<String, Object> block = new LinkedHashMap<>(specMap(global));
        overrides.forEach((module, spec) -> block.put(module, specMap(spec)));
        return block;
    }

    private static Map<String, Object> specMap(Quantization.Spec spec) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("group_size", spec.groupSize());
        m.put("bits", spec.bits());
        m.put("mode", spec.mode().id());
        return m;
    }

    private static void checkSize(long[] shape, float[] values) {
        if (SafetensorsTensor.elements(shape) != values.length) {
            throw new IllegalArgumentException("shape %s holds %d values, got %d".formatted(Arrays.toString(shape),
                    SafetensorsTensor.elements(shape), values.length));
        }
    }

    private static ByteBuffer buffer(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
