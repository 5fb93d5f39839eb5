package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;

/**
 * The k-quants and IQ4_XS: super-blocks of 256 weights in sub-blocks of 16 or 32, each sub-block with an
 * integer scale (and, for Q2_K/Q4_K/Q5_K, an integer minimum), under the super-block's fp16 {@code d} (and
 * {@code dmin}). Weight i is {@code (d·scale)·code − (dmin·min)}, with the codes, scales and minimums each format
 * decodes from its own layout. They meet {@link ActivationType#Q8_K} activations.
 *
 * <p>The dot follows ggml's {@code vec_dot_*_q8_K}: per super-block the exact integers
 * {@code isum = Σ scale·Σ code·q8} and {@code minSum = Σ min·bsum} (the activations' sums of 16), then
 * {@code sum += (d·d8)·isum − (dmin·d8)·minSum}. The vector kernels compute {@code isum} and share the rest, so
 * {@link #dot} returns exactly {@link #dotReference}.
 */
abstract class SuperBlockFormat implements WeightFormat {

    static final int SUPER = 256;

    /** Elements per sub-block: 16 or 32. */
    abstract int subBlock();

    /** The signed integer codes of the 256 elements of the super-block at {@code block}. */
    abstract void decode(MemorySegment data, long block, int[] codes);

    /** The integer scale of sub-block s. */
    abstract int scale(MemorySegment data, long block, int s);

    /** The integer minimum of sub-block s, for formats with minimums. */
    int min(MemorySegment data, long block, int s) {
        return 0;
    }

    /** Whether weights carry minimums. */
    boolean hasMin() {
        return false;
    }

    /** The super-block scale d. */
    abstract float superScale(MemorySegment data, long block);

    /** The super-block scale of the minimums, dmin. */
    float superMin(MemorySegment data, long block) {
        return 0;
    }

    /** Encodes the 256 values from {@code from} into the super-block at {@code block}. */
    abstract void encode(float[] values, int from, MemorySegment out, long block);

    /** {@code Σ scale·Σ code·q} over the super-block, with the Vector API. */
    abstract int vectorSum(MemorySegment data, long block, byte[] q, int q0);

    @Override
    public final ActivationType activationType() {
        return ActivationType.Q8_K;
    }

    @Override
    public final void quantize(float[] values, int offset, int count, MemorySegment out, long byteOffset) {
        int blocks = Blocks.blocks(type(), count);
        for (int b = 0; b < blocks; b++) {
            encode(values, offset + b * SUPER, out, byteOffset + (long) b * type().typeSize());
        }
    }

    @Override
    public final void dequantize(MemorySegment data, long byteOffset, float[] out, int outOffset, int count) {
        int blocks = Blocks.blocks(type(), count);
        int[] codes = new int[SUPER];
        for (int b = 0; b < blocks; b++) {
            long block = byteOffset + (long) b * type().typeSize();
            decode(data, block, codes);
            float d = superScale(data, block);
            float dmin = superMin(data, block);
            for (int s = 0; s < SUPER / subBlock(); s++) {
                // (d·scale)·code as ggml: the first product is exact, the second may round
                float step = d * scale(data, block, s);
                float shift = dmin * min(data, block, s);
                for (int i = s * subBlock(); i < (s + 1) * subBlock(); i++) {
                    out[outOffset + b * SUPER + i] = step * codes[i] - shift;
                }
            }
        }
    }

    @Override
    public final float dotReference(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        int blocks = Blocks.blocks(type(), columns);
        byte[] q = x.quants();
        int[] codes = new int[SUPER];
        float sum = 0;
        for (int b = 0; b < blocks; b++) {
            long block = byteOffset + (long) b * type().typeSize();
            decode(data, block, codes);
            int q0 = vector * x.length() + b * SUPER;
            int isum = 0;
            for (int s = 0; s < SUPER / subBlock(); s++) {
                int sub = 0;
                for (int i = s * subBlock(); i < (s + 1) * subBlock(); i++) {
                    sub += codes[i] * q[q0 + i];
                }
                isum += scale(data, block, s) * sub;
            }
            sum = accumulate(sum, data, block, x, vector, b, isum);
        }
        return sum;
    }

    @Override
    public final float dot(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        if (!VectorSupport.AVAILABLE) {
            return dotReference(data, byteOffset, x, vector, columns);
        }
        int blocks = Blocks.blocks(type(), columns);
        float sum = 0;
        for (int b = 0; b < blocks; b++) {
            long block = byteOffset + (long) b * type().typeSize();
            int isum = vectorSum(data, block, x.quants(), vector * x.length() + b * SUPER);
            sum = accumulate(sum, data, block, x, vector, b, isum);
        }
        return sum;
    }

    /** Adds super-block b's {@code (d·d8)·isum − (dmin·d8)·Σ min·bsum} to {@code sum}. */
    private float accumulate(float sum, MemorySegment data, long block, Activations x, int vector, int b,
            int isum) {
        float dx = x.scales()[vector * x.blocks() + b];
        sum += superScale(data, block) * dx * isum;
        if (hasMin()) {
            int groups = vector * x.length() / 16 + b * 16;
            sum -= superMin(data, block) * dx * minimumSum(data, block, x.groupSums(), groups);
        }
        return sum;
    }

    /** {@code Σ min·bsum} of the super-block, the group sums of its activations starting at {@code g0}. */
    int minimumSum(MemorySegment data, long block, short[] groupSums, int g0) {
        int groupsPerSub = subBlock() / 16;
        int minSum = 0;
        for (int s = 0; s < SUPER / subBlock(); s++) {
            int groups = 0;
            for (int g = s * groupsPerSub; g < (s + 1) * groupsPerSub; g++) {
                groups += groupSums[g0 + g];
            }
            minSum += min(data, block, s) * groups;
        }
        return minSum;
    }
}
