package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;

/**
 * {@code block_iq4_xs}, 256 weights in 136 bytes: {@code fp16 d; u16 scales_h; u8 scales_l[4]; u8 qs[128]}.
 * Eight sub-blocks of 32 laid out as IQ4_NL blocks without their own fp16 scale; sub-block ib has the 6-bit
 * scale {@code ls} made of nibble ib%2 of {@code scales_l[ib/2]} and bits 2ib..2ib+1 of {@code scales_h}.
 * Weight {@code d·(ls − 32)·T[nibble]} with the IQ4_NL grid T.
 */
final class IQ4_XSFormat extends SuperBlockFormat {

    static final IQ4_XSFormat INSTANCE = new IQ4_XSFormat();

    private IQ4_XSFormat() {
    }

    @Override
    public GgmlType type() {
        return GgmlType.IQ4_XS;
    }

    @Override
    int subBlock() {
        return 32;
    }

    @Override
    int scale(MemorySegment data, long block, int ib) {
        return subBlockScale(data, block, ib);
    }

    /** Sub-block ib's scale minus 32. */
    static int subBlockScale(MemorySegment data, long block, int ib) {
        int low = (Blocks.u8(data, block + 4 + ib / 2) >> (4 * (ib % 2))) & 15;
        int high = ((data.get(Blocks.SHORT, block + 2) & 0xffff) >> (2 * ib)) & 3;
        return (low | high << 4) - 32;
    }

    @Override
    void decode(MemorySegment data, long block, int[] codes) {
        for (int i = 0; i < SUPER; i++) {
            codes[i] = code(data, block, i);
        }
    }

    /** Grid value of element i: sub-block i/32, low nibbles for its first 16 elements, high for the rest. */
    private static int code(MemorySegment data, long block, int i) {
        int packed = Blocks.u8(data, block + 8 + 16L * (i / 32) + i % 16);
        return IQ4_NLFormat.VALUES[(packed >> (4 * ((i % 32) / 16))) & 15];
    }

    @Override
    float superScale(MemorySegment data, long block) {
        return Blocks.half(data, block);
    }

    @Override
    int vectorSum(MemorySegment data, long block, byte[] q, int q0) {
        return KQuantVector.sumIQ4_XS(data, block, q, q0);
    }

    /**
     * Each sub-block's signed extreme on the grid's end (−127) gives its scale; those are quantized to 6 bits
     * against the super-block scale, and each value then takes its nearest grid point under its rounded scale.
     */
    @Override
    void encode(float[] values, int from, MemorySegment out, long block) {
        float[] subScales = new float[8];
        int[] indices = new int[32];
        for (int ib = 0; ib < 8; ib++) {
            subScales[ib] = Blocks.signedMax(values, from + 32 * ib, 32) / IQ4_NLFormat.VALUES[0];
        }
        float d = Half.roundToHalf(Blocks.signedMax(subScales, 0, 8) / -32);
        int scalesHigh = 0;
        for (int ib = 0; ib < 8; ib++) {
            int ls = d != 0 ? Math.clamp(Blocks.nearestInt(subScales[ib] / d), -32, 31) : 0;
            IQ4_NLFormat.assign(values, from + 32 * ib, 32, d * ls, indices);
            NibbleBlockFormat.putNibbles(indices, out, block + 8 + 16L * ib);
            int stored = ls + 32;
            long low = block + 4 + ib / 2;
            int previous = ib % 2 == 0 ? 0 : Blocks.u8(out, low);
            Blocks.putByte(out, low, previous | (stored & 15) << (4 * (ib % 2)));
            scalesHigh |= (stored >> 4) << (2 * ib);
        }
        Blocks.putHalf(out, block, d);
        out.set(Blocks.SHORT, block + 2, (short) scalesHigh);
    }
}
