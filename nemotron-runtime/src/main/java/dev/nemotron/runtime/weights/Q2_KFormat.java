package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;

/**
 * {@code block_q2_K}, 256 weights in 84 bytes: {@code u8 scales[16]; u8 qs[64]; fp16 d, dmin}. Two halves of
 * 128; in half n, the 32 bytes {@code qs[32n..]} hold four 2-bit planes (shift 2s) of 32 elements each.
 * Sub-block i/16 of 16 elements has scale byte {@code sc}: weight {@code d·(sc & 15)·q − dmin·(sc >> 4)}.
 */
final class Q2_KFormat extends SuperBlockFormat {

    static final Q2_KFormat INSTANCE = new Q2_KFormat();

    private Q2_KFormat() {
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q2_K;
    }

    /** Element i (0..255): plane (i % 128) / 32 of byte {@code qs[32·(i/128) + i % 32]}. */
    static long planeByte(int i) {
        return 32L * (i / 128) + i % 32;
    }

    static int planeShift(int i) {
        return 2 * ((i % 128) / 32);
    }

    @Override
    int subBlock() {
        return 16;
    }

    @Override
    void decode(MemorySegment data, long block, int[] codes) {
        for (int i = 0; i < SUPER; i++) {
            codes[i] = code(data, block, i);
        }
    }

    private static int code(MemorySegment data, long block, int i) {
        return (Blocks.u8(data, block + 16 + planeByte(i)) >> planeShift(i)) & 3;
    }

    @Override
    int scale(MemorySegment data, long block, int s) {
        return Blocks.u8(data, block + s) & 15;
    }

    @Override
    int min(MemorySegment data, long block, int s) {
        return Blocks.u8(data, block + s) >> 4;
    }

    @Override
    boolean hasMin() {
        return true;
    }

    @Override
    float superScale(MemorySegment data, long block) {
        return Blocks.half(data, block + 80);
    }

    @Override
    float superMin(MemorySegment data, long block) {
        return Blocks.half(data, block + 82);
    }

    @Override
    int vectorSum(MemorySegment data, long block, byte[] q, int q0) {
        return KQuantVector.sumQ2_K(data, block, q, q0);
    }

    @Override
    void encode(float[] values, int from, MemorySegment out, long block) {
        int[] codes = new int[SUPER];
        int[] scales = new int[16];
        int[] mins = new int[16];
        float[] superScales = new float[2];
        KQuants.affine(values, from, 16, 4, 16, codes, scales, mins, superScales);
        for (int s = 0; s < 16; s++) {
            Blocks.putByte(out, block + s, scales[s] | mins[s] << 4);
        }
        out.asSlice(block + 16, 64).fill((byte) 0);
        for (int i = 0; i < SUPER; i++) {
            long at = block + 16 + planeByte(i);
            Blocks.putByte(out, at, Blocks.u8(out, at) | codes[i] << planeShift(i));
        }
        Blocks.putHalf(out, block + 80, superScales[0]);
        Blocks.putHalf(out, block + 82, superScales[1]);
    }
}
