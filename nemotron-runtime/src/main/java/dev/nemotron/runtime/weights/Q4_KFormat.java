package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;

/**
 * {@code block_q4_K}, 256 weights in 144 bytes: {@code fp16 d, dmin; u8 scales[12]; u8 qs[128]}. Eight
 * sub-blocks of 32 with 6-bit scale and minimum ({@link KQuants#scaleMin}); the 32 bytes of chunk c hold
 * sub-block 2c in their low and 2c+1 in their high nibbles. Weight {@code d·sc·q − dmin·m}.
 */
final class Q4_KFormat implements WeightFormat {

    static final Q4_KFormat INSTANCE = new Q4_KFormat();

    private static final int BYTES = 144;

    private Q4_KFormat() {
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q4_K;
    }

    @Override
    public ActivationType activationType() {
        return ActivationType.Q8_K;
    }

    @Override
    public void dequantize(MemorySegment data, long byteOffset, float[] out, int outOffset, int count) {
        int blocks = Blocks.blocks(type(), count);
        for (int b = 0; b < blocks; b++) {
            long block = byteOffset + (long) b * BYTES;
            float d = Blocks.half(data, block);
            float dmin = Blocks.half(data, block + 2);
            for (int j = 0; j < 8; j++) {
                float scale = d * KQuants.scaleMin(data, block + 4, j, 0);
                float min = dmin * KQuants.scaleMin(data, block + 4, j, 1);
                long qs = block + 16 + 32L * (j / 2);
                int shift = 4 * (j % 2);
                int at = outOffset + b * KQuants.SUPER + 32 * j;
                for (int l = 0; l < 32; l++) {
                    out[at + l] = scale * ((Blocks.u8(data, qs + l) >> shift) & 15) - min;
                }
            }
        }
    }

    /** {@code ggml_vec_dot_q4_K_q8_K}: {@code d·Σ sc·Σ q·q8 − dmin·Σ m·bsum} per super-block. */
    @Override
    public float dotReference(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        int blocks = Blocks.blocks(type(), columns);
        byte[] q = x.quants();
        short[] groupSums = x.groupSums();
        float sum = 0;
        for (int b = 0; b < blocks; b++) {
            long block = byteOffset + (long) b * BYTES;
            int q0 = vector * x.length() + b * KQuants.SUPER;
            int g0 = KQuants.groupSumsAt(x, vector, b);
            int isum = 0;
            int minSum = 0;
            for (int j = 0; j < 8; j++) {
                long qs = block + 16 + 32L * (j / 2);
                int shift = 4 * (j % 2);
                int sub = 0;
                for (int l = 0; l < 32; l++) {
                    sub += ((Blocks.u8(data, qs + l) >> shift) & 15) * q[q0 + 32 * j + l];
                }
                isum += KQuants.scaleMin(data, block + 4, j, 0) * sub;
                minSum += KQuants.scaleMin(data, block + 4, j, 1) * (groupSums[g0 + 2 * j] + groupSums[g0 + 2 * j + 1]);
            }
            float dx = x.scales()[vector * x.blocks() + b];
            sum += Blocks.half(data, block) * dx * isum;
            sum -= Blocks.half(data, block + 2) * dx * minSum;
        }
        return sum;
    }

    @Override
    public float dot(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        return VectorSupport.AVAILABLE
                ? KQuantVector.dotQ4_K(data, byteOffset, x, vector, columns)
                : dotReference(data, byteOffset, x, vector, columns);
    }

    @Override
    public void quantize(float[] values, int offset, int count, MemorySegment out, long byteOffset) {
        int blocks = Blocks.blocks(type(), count);
        int[] codes = new int[KQuants.SUPER];
        int[] scales = new int[8];
        int[] mins = new int[8];
        float[] superScales = new float[2];
        for (int b = 0; b < blocks; b++) {
            long block = byteOffset + (long) b * BYTES;
            KQuants.affine(values, offset + b * KQuants.SUPER, 32, 16, 64, codes, scales, mins, superScales);
            Blocks.putHalf(out, block, superScales[0]);
            Blocks.putHalf(out, block + 2, superScales[1]);
            KQuants.putScaleMins(scales, mins, out, block + 4);
            for (int c = 0; c < 4; c++) {
                for (int l = 0; l < 32; l++) {
                    Blocks.putByte(out, block + 16 + 32 * c + l, codes[64 * c + l] | codes[64 * c + 32 + l] << 4);
                }
            }
        }
    }
}
