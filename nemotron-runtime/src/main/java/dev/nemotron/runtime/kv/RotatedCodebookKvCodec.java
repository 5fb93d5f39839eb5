package dev.nemotron.runtime.kv;


import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;

/**
 * TurboQuant and RotorQuant: a head vector is rotated by a fixed orthogonal {@link Rotation}, split into one or
 * two parts of consecutive rotated coordinates, and each part is stored as a norm plus one Lloyd–Max codebook
 * index per coordinate (TurboQuant_mse, arXiv:2504.19874 Algorithm 1, without the QJL residual that production
 * implementations drop because its variance hurts softmax).
 *
 * <p>Encoding a part of {@code n} rotated coordinates {@code y}: {@code γ = ‖y‖}, {@code idx_j} = nearest level of
 * the codebook for unit vectors of dimension {@code n} to {@code y_j/γ}, and the stored norm is the
 * norm-corrected {@code γ' = γ/‖c_idx‖} (fp16), so that the reconstruction {@code γ'·c_idx} has exactly the norm of
 * the input rather than the codebook's shrunken one.
 *
 * <p>Block layout, little-endian and byte-aligned: the fp16 norms of the parts, then each part's indices —
 * 2 bits: four per byte, element {@code j} at bits {@code 2·(j mod 4)} of byte {@code j/4}; 3 bits: those two low
 * bits packed the same way, followed by the high bits, element {@code j} at bit {@code j mod 8} of byte
 * {@code j/8} (the turbo3 layout: unpacking never straddles a byte); 4 bits: element {@code j} in byte {@code j/2},
 * low nibble for even {@code j}. With one part this is the llama.cpp fork's turbo2/turbo3 block (34 and 50 bytes
 * for 128 values) and, for 4 bits, its 66-byte planar4/iso4 block (turbo4 adds a reserved 2-byte field we omit).
 *
 * <p>Attention never leaves the rotated domain: the prepared query is {@code Π·q}, a stored vector expands to
 * {@code γ'·c[idx]} of each part (still rotated), scores are {@code (Π·q)·(γ'·c)}, values are summed rotated,
 * and {@link #finish} applies {@code Πᵀ} once per head.
 */
final class RotatedCodebookKvCodec implements KvCodec {

    /** One run of rotated coordinates sharing a norm and a codebook. */
    record Part(int start, int length, LloydMaxCodebook codebook, int indexOffset) {

        int bits() {
            return codebook.bits();
        }

        int indexBytes() {
            return length * bits() / 8;
        }
    }

    private final String id;
    private final double bits;
    private final int headDim;
    private final Rotation rotation;
    private final Part[] parts;
    private final float[][] centroids;
    private final int bytesPerVector;
    /** Per-thread buffers of {@link #encode}, so that appending to the cache allocates nothing. */
    private final ThreadLocal<EncodeScratch> encodeScratch;

    private record EncodeScratch(float[] rotated, int[] index) {
    }

    /**
     * @param partBits bits of each part, the parts splitting the head vector into {@code partLengths}
     */
    RotatedCodebookKvCodec(String id, double bits, Rotation rotation, int[] partLengths, int[] partBits) {
        this.id = id;
        this.bits = bits;
        this.headDim = rotation.dim();
        this.rotation = rotation;
        this.parts = new Part[partLengths.length];
        this.centroids = new float[partLengths.length][];
        int start = 0;
        int offset = 2 * partLengths.length;
        for (int p = 0; p < parts.length; p++) {
            parts[p] = new Part(start, partLengths[p], LloydMaxCodebook.of(partBits[p], partLengths[p]), offset);
            centroids[p] = Arrays.copyOf(parts[p].codebook().centroids(), Math.max(8, 1 << partBits[p]));
            start += partLengths[p];
            offset += parts[p].indexBytes();
        }
        if (start != headDim) {
            throw new IllegalArgumentException("parts of %s cover %d of %d values".formatted(id, start, headDim));
        }
        this.bytesPerVector = offset;
        this.encodeScratch = ThreadLocal.withInitial(() -> new EncodeScratch(new float[headDim], new int[headDim]));
    }

    @Override
    public String id() {
        return id;
    }

    /** Nominal bits per value, as configured (2, 2.5, 3, 3.5 or 4). */
    double bits() {
        return bits;
    }

    Rotation rotation() {
        return rotation;
    }

    List<Part> parts() {
        return List.of(parts);
    }

    @Override
    public String toString() {
        return id + "/" + bits;
    }

    @Override
    public int headDim() {
        return headDim;
    }

    @Override
    public int bytesPerVector() {
        return bytesPerVector;
    }

    @Override
    public void encode(float[] x, int offset, MemorySegment out, long byteOffset) {
        EncodeScratch scratch = encodeScratch.get();
        float[] y = scratch.rotated();
        System.arraycopy(x, offset, y, 0, headDim);
        rotation.forward(y, 0);
        int[] index = scratch.index();
        for (int p = 0; p < parts.length; p++) {
            Part part = parts[p];
            double squares = 0;
            for (int j = part.start(); j < part.start() + part.length(); j++) {
                squares += (double) y[j] * y[j];
            }
            float gamma = (float) Math.sqrt(squares);
            float inverse = gamma > 1e-10f ? 1 / gamma : 0;
            double levelSquares = 0;
            for (int j = part.start(); j < part.start() + part.length(); j++) {
                index[j] = part.codebook().quantize(y[j] * inverse);
                levelSquares += (double) centroids[p][index[j]] * centroids[p][index[j]];
            }
            float corrected = inverse == 0 ? 0 : (float) (gamma / Math.sqrt(levelSquares));
            out.set(KvLayouts.SHORT, byteOffset + 2L * p, Float.floatToFloat16(corrected));
            pack(index, part, out, byteOffset + part.indexOffset());
        }
    }

    private static void pack(int[] index, Part part, MemorySegment out, long base) {
        int s = part.start();
        int n = part.length();
        switch (part.bits()) {
            case 2 -> {
                for (int b = 0; b < n / 4; b++) {
                    int j = s + 4 * b;
                    out.set(KvLayouts.BYTE, base + b,
                            (byte) (index[j] | index[j + 1] << 2 | index[j + 2] << 4 | index[j + 3] << 6));
                }
            }
            case 3 -> {
                for (int g = 0; g < n / 8; g++) {
                    int low = 0;
                    int high = 0;
                    for (int k = 0; k < 8; k++) {
                        int idx = index[s + 8 * g + k];
                        low |= (idx & 3) << 2 * k;
                        high |= (idx >> 2) << k;
                    }
                    out.set(KvLayouts.SHORT, base + 2L * g, (short) low);
                    out.set(KvLayouts.BYTE, base + n / 4 + g, (byte) high);
                }
            }
            case 4 -> {
                for (int b = 0; b < n / 2; b++) {
                    out.set(KvLayouts.BYTE, base + b, (byte) (index[s + 2 * b] | index[s + 2 * b + 1] << 4));
                }
            }
            default -> throw new IllegalStateException("no index packing for " + part.bits() + " bits");
        }
    }

    @Override
    public void prepareQuery(float[] q, int offset, float[] out, int outOffset) {
        System.arraycopy(q, offset, out, outOffset, headDim);
        rotation.forward(out, outOffset);
    }

    /** Writes {@code γ'·c[idx_j]} of every part: the stored vector, still rotated. */
    @Override
    public void expand(MemorySegment data, long byteOffset, float[] out, int outOffset) {
        for (int p = 0; p < parts.length; p++) {
            Part part = parts[p];
            float norm = Float.float16ToFloat(data.get(KvLayouts.SHORT, byteOffset + 2L * p));
            KvKernels.expandCodebook(data, byteOffset + part.indexOffset(), part.bits(), part.length(), centroids[p],
                    norm, out, outOffset + part.start());
        }
    }

    @Override
    public void finish(float[] acc, int accOffset, float[] out, int outOffset) {
        System.arraycopy(acc, accOffset, out, outOffset, headDim);
        rotation.inverse(out, outOffset);
    }
}
