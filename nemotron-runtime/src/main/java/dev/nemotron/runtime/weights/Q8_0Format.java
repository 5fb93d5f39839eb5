package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;

/**
 * {@code block_q8_0}, 32 weights in 34 bytes: {@code fp16 d; int8 qs[32]}, weight {@code d·qs[j]}. Its activations
 * are Q8_0 too, so a block's dot is one integer sum times the product of the two scales.
 */
final class Q8_0Format implements WeightFormat {

    static final Q8_0Format INSTANCE = new Q8_0Format();

    private static final int BLOCK = 32;
    private static final int BYTES = 34;

    private Q8_0Format() {
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q8_0;
    }

    @Override
    public ActivationType activationType() {
        return ActivationType.Q8_0;
    }

    @Override
    public void dequantize(MemorySegment data, long byteOffset, float[] out, int outOffset, int count) {
        int blocks = Blocks.blocks(type(), count);
        for (int b = 0; b < blocks; b++) {
            long block = byteOffset + (long) b * BYTES;
            float d = Blocks.half(data, block);
            for (int j = 0; j < BLOCK; j++) {
                out[outOffset + b * BLOCK + j] = Blocks.i8(data, block + 2 + j) * d;
            }
        }
    }

    /** {@code ggml_vec_dot_q8_0_q8_0}: {@code Σ_blocks isum·(d_w·d_x)}. */
    @Override
    public float dotReference(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        byte[] q = x.quants();
        float[] scales = x.scales();
        int blocks = Blocks.blocks(type(), columns);
        int q0 = vector * x.length();
        int s0 = vector * x.blocks();
        float sum = 0;
        for (int b = 0; b < blocks; b++) {
            long block = byteOffset + (long) b * BYTES;
            int isum = 0;
            for (int j = 0; j < BLOCK; j++) {
                isum += Blocks.i8(data, block + 2 + j) * q[q0 + b * BLOCK + j];
            }
            sum += isum * (Blocks.half(data, block) * scales[s0 + b]);
        }
        return sum;
    }

    @Override
    public float dot(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        return VectorSupport.AVAILABLE
                ? Q8_0Vector.dot(data, byteOffset, x, vector, columns)
                : dotReference(data, byteOffset, x, vector, columns);
    }

    @Override
    public void multiply(MemorySegment data, long byteOffset, int fromRow, int toRow, Activations x, float[] out,
            int outOffset, int outStride, int columns) {
        if (VectorSupport.TILED) {
            TileVector.multiply(TileVector.Q8_0, this, data, byteOffset, rowBytes(columns), fromRow, toRow, x,
                    out, outOffset, outStride, columns);
        } else {
            WeightFormat.super.multiply(data, byteOffset, fromRow, toRow, x, out, outOffset, outStride, columns);
        }
    }

    /** {@code quantize_row_q8_0_ref}: {@code d = amax/127}, {@code q = roundf(x/d)}, as llama-quantize writes it. */
    @Override
    public void quantize(float[] values, int offset, int count, MemorySegment out, long byteOffset) {
        int blocks = Blocks.blocks(type(), count);
        for (int b = 0; b < blocks; b++) {
            int from = offset + b * BLOCK;
            long block = byteOffset + (long) b * BYTES;
            float amax = 0;
            for (int j = 0; j < BLOCK; j++) {
                amax = Math.max(amax, Math.abs(values[from + j]));
            }
            float d = amax / 127;
            float id = d != 0 ? 1 / d : 0;
            Blocks.putHalf(out, block, d);
            for (int j = 0; j < BLOCK; j++) {
                Blocks.putByte(out, block + 2 + j, Blocks.roundHalfAway(values[from + j] * id));
            }
        }
    }
}
