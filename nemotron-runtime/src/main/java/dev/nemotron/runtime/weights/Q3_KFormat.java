package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;

/**
 * {@code block_q3_K}, 256 weights in 110 bytes: {@code u8 hmask[32]; u8 qs[64]; u8 scales[12]; fp16 d}. The
 * 2-bit planes and the sub-blocks of 16 are ordered as in Q2_K; the third bit of element i is bit
 * {@code 4·(i/128) + (i%128)/32} of {@code hmask[i % 32]}, and a clear bit means −4:
 * {@code q = low2 − (bit ? 0 : 4)}. Sixteen 6-bit scales S are packed into 12 bytes; weight {@code d·(S−32)·q}.
 */
final class Q3_KFormat extends SuperBlockFormat {

    static final Q3_KFormat INSTANCE = new Q3_KFormat();

    private Q3_KFormat() {
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q3_K;
    }

    /** The bit of {@code hmask[i % 32]} holding element i's third bit: one bit per 32 elements. */
    static int highBit(int i) {
        return 4 * (i / 128) + (i % 128) / 32;
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
        int low = (Blocks.u8(data, block + 32 + Q2_KFormat.planeByte(i)) >> Q2_KFormat.planeShift(i)) & 3;
        boolean high = ((Blocks.u8(data, block + i % 32) >> highBit(i)) & 1) != 0;
        return high ? low : low - 4;
    }

    @Override
    int scale(MemorySegment data, long block, int s) {
        return packedScale(data, block + 96, s);
    }

    @Override
    float superScale(MemorySegment data, long block) {
        return Blocks.half(data, block + 108);
    }

    @Override
    int vectorSum(MemorySegment data, long block, byte[] q, int q0) {
        return KQuantVector.sumQ3_K(data, block, q, q0);
    }

    /**
     * Scale s (0..15) minus 32: its low four bits are the low (s &lt; 8) or high (s ≥ 8) nibble of byte s % 8,
     * its top two bits are at shift 2·⌊s/4⌋ of byte 8 + s % 4.
     */
    static int packedScale(MemorySegment data, long scales, int s) {
        int nibble = (Blocks.u8(data, scales + s % 8) >> (4 * (s / 8))) & 15;
        int top = (Blocks.u8(data, scales + 8 + s % 4) >> (2 * (s / 4))) & 3;
        return (nibble | top << 4) - 32;
    }

    @Override
    void encode(float[] values, int from, MemorySegment out, long block) {
        int[] codes = new int[SUPER];
        int[] scales = new int[16];
        float d = KQuants.symmetric(values, from, 16, 4, 32, codes, scales);
        out.asSlice(block, 108).fill((byte) 0);
        for (int i = 0; i < SUPER; i++) {
            int u = codes[i] + 4;
            long low = block + 32 + Q2_KFormat.planeByte(i);
            Blocks.putByte(out, low, Blocks.u8(out, low) | (u & 3) << Q2_KFormat.planeShift(i));
            long high = block + i % 32;
            Blocks.putByte(out, high, Blocks.u8(out, high) | (u >> 2) << highBit(i));
        }
        for (int s = 0; s < 16; s++) {
            int stored = scales[s] + 32;
            long nibble = block + 96 + s % 8;
            Blocks.putByte(out, nibble, Blocks.u8(out, nibble) | (stored & 15) << (4 * (s / 8)));
            long top = block + 96 + 8 + s % 4;
            Blocks.putByte(out, top, Blocks.u8(out, top) | (stored >> 4) << (2 * (s / 4)));
        }
        Blocks.putHalf(out, block + 108, d);
    }
}
