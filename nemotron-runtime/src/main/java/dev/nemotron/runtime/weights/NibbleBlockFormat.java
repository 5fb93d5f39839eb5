package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;

/**
 * The formats of 32 weights whose 16 bytes of nibbles hold element j in the low and element j+16 in the high
 * nibble (Q4_0, Q4_1, Q5_0, Q5_1, IQ4_NL, MXFP4). A block decodes to 32 small integer codes, a scale and, for
 * the {@code _1} formats, a minimum: weight {@code j = code[j]·d (+ m)}.
 *
 * <p>The reference dot follows ggml's AVX2 kernels, which is what llama.cpp runs on x86: per block the exact
 * integer sum {@code Σ code·q}, times the product of the two scales; the {@code _1} formats add the weight
 * minimum times the activation block sum {@code s} of {@link ActivationType#Q8_1}.
 */
abstract class NibbleBlockFormat implements WeightFormat {

    static final int BLOCK = 32;

    /** Writes the 32 integer codes of the block at {@code block} into {@code codes}. */
    abstract void codes(MemorySegment data, long block, int[] codes);

    /** The block's scale {@code d}: the fp16 that starts the block, except in MXFP4. */
    float scale(MemorySegment data, long block) {
        return Blocks.half(data, block);
    }

    /** The block's minimum {@code m}, the fp16 after the scale in the formats with one. */
    float min(MemorySegment data, long block) {
        return Blocks.half(data, block + 2);
    }

    /** {@link #dotReference} with the Vector API. */
    abstract float vectorDot(MemorySegment data, long byteOffset, Activations x, int vector, int columns);

    /** Encodes the 32 values from {@code from} into the block at {@code block}; {@code codes} is scratch. */
    abstract void encode(float[] values, int from, int[] codes, MemorySegment out, long block);

    /** Whether weights carry a minimum, which pairs them with Q8_1 activations. */
    boolean hasMin() {
        return false;
    }

    @Override
    public ActivationType activationType() {
        return hasMin() ? ActivationType.Q8_1 : ActivationType.Q8_0;
    }

    @Override
    public final float dot(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        return VectorSupport.AVAILABLE
                ? vectorDot(data, byteOffset, x, vector, columns)
                : dotReference(data, byteOffset, x, vector, columns);
    }

    @Override
    public final void quantize(float[] values, int offset, int count, MemorySegment out, long byteOffset) {
        int blocks = Blocks.blocks(type(), count);
        int[] codes = new int[BLOCK];
        for (int b = 0; b < blocks; b++) {
            encode(values, offset + b * BLOCK, codes, out, byteOffset + (long) b * type().typeSize());
        }
    }

    @Override
    public final void dequantize(MemorySegment data, long byteOffset, float[] out, int outOffset, int count) {
        int blocks = Blocks.blocks(type(), count);
        int bytes = type().typeSize();
        int[] codes = new int[BLOCK];
        for (int b = 0; b < blocks; b++) {
            long block = byteOffset + (long) b * bytes;
            codes(data, block, codes);
            float d = scale(data, block);
            int at = outOffset + b * BLOCK;
            if (hasMin()) {
                float m = min(data, block);
                for (int j = 0; j < BLOCK; j++) {
                    out[at + j] = codes[j] * d + m;
                }
            } else {
                for (int j = 0; j < BLOCK; j++) {
                    out[at + j] = codes[j] * d;
                }
            }
        }
    }

    @Override
    public final float dotReference(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        int blocks = Blocks.blocks(type(), columns);
        int bytes = type().typeSize();
        byte[] q = x.quants();
        float[] scales = x.scales();
        float[] sums = x.blockSums();
        int q0 = vector * x.length();
        int s0 = vector * x.blocks();
        int[] codes = new int[BLOCK];
        float sum = 0;
        for (int b = 0; b < blocks; b++) {
            long block = byteOffset + (long) b * bytes;
            codes(data, block, codes);
            int isum = 0;
            for (int j = 0; j < BLOCK; j++) {
                isum += codes[j] * q[q0 + b * BLOCK + j];
            }
            float d = scale(data, block) * scales[s0 + b];
            sum += hasMin() ? d * isum + min(data, block) * sums[s0 + b] : d * isum;
        }
        return sum;
    }

    /** Splits the 16 bytes at {@code from} into codes j (low nibbles) and j+16 (high nibbles). */
    static void nibbles(MemorySegment data, long from, int[] codes) {
        for (int j = 0; j < 16; j++) {
            int b = Blocks.u8(data, from + j);
            codes[j] = b & 15;
            codes[j + 16] = b >> 4;
        }
    }

    /** Packs codes 0..15 of {@code codes} (low nibbles) with 16..31 (high nibbles) into 16 bytes at {@code to}. */
    static void putNibbles(int[] codes, MemorySegment out, long to) {
        for (int j = 0; j < 16; j++) {
            Blocks.putByte(out, to + j, (codes[j] & 15) | (codes[j + 16] & 15) << 4);
        }
    }

    /** Index of the entry of {@code table} nearest to {@code x}; the lower index wins a tie. */
    static int nearest(byte[] table, float x) {
        int best = 0;
        float bestError = Math.abs(x - table[0]);
        for (int i = 1; i < table.length; i++) {
            float error = Math.abs(x - table[i]);
            if (error < bestError) {
                best = i;
                bestError = error;
            }
        }
        return best;
    }

    /**
     * ggml's reference quantizer of Q4_0/Q5_0: {@code d = max/−offset} for the signed extreme, so that it lands
     * exactly on code 0, and {@code code = min(levels − 1, trunc(x/d + offset + 0.5))}. Writes d at {@code dAt}.
     */
    static void symmetricCodes(float[] values, int from, int offset, int[] codes, MemorySegment out, long dAt) {
        float d = Blocks.signedMax(values, from, BLOCK) / -offset;
        float id = d != 0 ? 1 / d : 0;
        for (int j = 0; j < BLOCK; j++) {
            codes[j] = Math.min(2 * offset - 1, (int) (values[from + j] * id + offset + 0.5f));
        }
        Blocks.putHalf(out, dAt, d);
    }

    /**
     * ggml's reference quantizer of Q4_1/Q5_1: {@code levels} steps from the block's minimum to its maximum,
     * {@code code = min(levels − 1, trunc((x − min)/d + 0.5))}. Writes d and m at {@code dAt}.
     */
    static void affineCodes(float[] values, int from, int levels, int[] codes, MemorySegment out, long dAt) {
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (int j = 0; j < BLOCK; j++) {
            min = Math.min(min, values[from + j]);
            max = Math.max(max, values[from + j]);
        }
        float d = (max - min) / (levels - 1);
        float id = d != 0 ? 1 / d : 0;
        for (int j = 0; j < BLOCK; j++) {
            codes[j] = Math.min(levels - 1, (int) ((values[from + j] - min) * id + 0.5f));
        }
        Blocks.putHalf(out, dAt, d);
        Blocks.putHalf(out, dAt + 2, min);
    }
}
