package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;

/**
 * {@code block_q2_K}, 256 weights in 84 bytes: {@code u8 scales[16]; u8 qs[64]; fp16 d, dmin}. Two halves of
 * 128; in half n, the 32 bytes {@code qs[32n..]} hold four 2-bit planes (shift 2s) of 32 elements each.
 * Sub-block i/16 of 16 elements has scale byte {@code sc}: weight {@code d·(sc & 15)·q − dmin·(sc >> 4)}.
 */
final class Q2_KFormat implements WeightFormat {

    static final Q2_KFormat INSTANCE = new Q2_KFormat();

    private static final int BYTES = 84;

    private Q2_KFormat() {
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q2_K;
    }

    @Override
    public ActivationType activationType() {
        return ActivationType.Q8_K;
    }

    /** Element i (0..255): plane (i % 128) / 32 of byte {@code qs[32·(i/128) + i % 32]}. */
    static long planeByte(int i) {
        return 32L * (i / 128) + i % 32;
    }

    static int planeShift(int i) {
        return 2 * ((i % 128) / 32);
    }

    private static int code(MemorySegment data, long block, int i) {
        return (Blocks.u8(data, block + 16 + planeByte(i)) >> planeShift(i)) & 3;
    }

    @Override
    public void dequantize(MemorySegment data, long byteOffset, float[] out, int outOffset, int count) {
        int blocks = Blocks.blocks(type(), count);
        for (int b = 0; b < blocks; b++) {
            long block = byteOffset + (long) b * BYTES;
            float d = Blocks.half(data, block + 80);
            float dmin = Blocks.half(data, block + 82);
            for (int i = 0; i < KQuants.SUPER; i++) {
                int sc = Blocks.u8(data, block + i / 16);
                out[outOffset + b * KQuants.SUPER + i] = d * (sc & 15) * code(data, block, i) - dmin * (sc >> 4);
            }
        }
    }

    /** {@code ggml_vec_dot_q2_K_q8_K}: {@code d·Σ sc·Σ q·q8 − dmin·Σ m·bsum} per super-block. */
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
            for (int s = 0; s < 16; s++) {
                int sc = Blocks.u8(data, block + s);
                int sub = 0;
                for (int i = 16 * s; i < 16 * s + 16; i++) {
                    sub += code(data, block, i) * q[q0 + i];
                }
                isum += (sc & 15) * sub;
                minSum += (sc >> 4) * groupSums[g0 + s];
            }
            float dx = x.scales()[vector * x.blocks() + b];
            sum += dx * Blocks.half(data, block + 80) * isum - dx * Blocks.half(data, block + 82) * minSum;
        }
        return sum;
    }

    @Override
    public float dot(MemorySegment data, long byteOffset, Activations x, int vector, int columns) {
        return VectorSupport.AVAILABLE
                ? KQuantVector.dotQ2_K(data, byteOffset, x, vector, columns)
                : dotReference(data, byteOffset, x, vector, columns);
    }

    @Override
    public void quantize(float[] values, int offset, int count, MemorySegment out, long byteOffset) {
        int blocks = Blocks.blocks(type(), count);
        int[] codes = new int[KQuants.SUPER];
        int[] scales = new int[16];
        int[] mins = new int[16];
        float[] superScales = new float[2];
        for (int b = 0; b < blocks; b++) {
            long block = byteOffset + (long) b * BYTES;
            KQuants.affine(values, offset + b * KQuants.SUPER, 16, 4, 16, codes, scales, mins, superScales);
            for (int s = 0; s < 16; s++) {
                Blocks.putByte(out, block + s, scales[s] | mins[s] << 4);
            }
            out.asSlice(block + 16, 64).fill((byte) 0);
            for (int i = 0; i < KQuants.SUPER; i++) {
                long at = block + 16 + planeByte(i);
                Blocks.putByte(out, at, Blocks.u8(out, at) | codes[i] << planeShift(i));
            }
            Blocks.putHalf(out, block + 80, superScales[0]);
            Blocks.putHalf(out, block + 82, superScales[1]);
        }
    }
}
