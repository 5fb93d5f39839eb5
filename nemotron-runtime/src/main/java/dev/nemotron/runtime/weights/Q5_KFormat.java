package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;

/**
 * {@code block_q5_K}, 256 weights in 176 bytes: {@code fp16 d, dmin; u8 scales[12]; u8 qh[32]; u8 qs[128]}. As
 * Q4_K, plus a fifth bit: element l of sub-block j takes bit j of {@code qh[l]}. Weight {@code d·sc·q − dmin·m}.
 */
final class Q5_KFormat implements WeightFormat {

    static final Q5_KFormat INSTANCE = new Q5_KFormat();

    private static final int BYTES = 176;

    private Q5_KFormat() {
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q5_K;
    }

    @Override
    public ActivationType activationType() {
        return ActivationType.Q8_K;
    }

    /** The 5-bit code of element l (0..31) of sub-block j of the super-block at {@code block}. */
    private static int code(MemorySegment data, long block, int j, int l) {
        int low = (Blocks.u8(data, block + 48 + 32L * (j / 2) + l) >> (4 * (j % 2))) & 15;
        return low | ((Blocks.u8(data, block + 16 + l) >> j) & 1) << 4;
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
                int at = outOffset + b * KQuants.SUPER + 32 * j;
                for (int l = 0; l < 32; l++) {
                    out[at + l] = scale * code(data, block, j, l) - min;
                }
            }
        }
    }

    /** {@code ggml_vec_dot_q5_K_q8_K}: {@code d·Σ sc·Σ q·q8 − dmin·Σ m·bsum} per super-block. */
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
                int sub = 0;
                for (int l = 0; l < 32; l++) {
                    sub += code(data, block, j, l) * q[q0 + 32 * j + l];
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
                ? KQuantVector.dotQ5_K(data, byteOffset, x, vector, columns)
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
            KQuants.affine(values, offset + b * KQuants.SUPER, 32, 32, 64, codes, scales, mins, superScales);
            Blocks.putHalf(out, block, superScales[0]);
            Blocks.putHalf(out, block + 2, superScales[1]);
            KQuants.putScaleMins(scales, mins, out, block + 4);
            for (int l = 0; l < 32; l++) {
                int high = 0;
                for (int j = 0; j < 8; j++) {
                    high |= (codes[32 * j + l] >> 4) << j;
                }
                Blocks.putByte(out, block + 16 + l, high);
            }
            for (int c = 0; c < 4; c++) {
                for (int l = 0; l < 32; l++) {
                    int low = codes[64 * c + l] & 15;
                    Blocks.putByte(out, block + 48 + 32 * c + l, low | (codes[64 * c + 32 + l] & 15) << 4);
                }
            }
        }
    }
}
