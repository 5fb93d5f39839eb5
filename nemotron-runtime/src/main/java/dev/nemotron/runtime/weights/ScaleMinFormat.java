package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;

/**
 * Q4_K and Q5_K: {@code fp16 d, dmin; u8 scales[12]} then their codes; eight sub-blocks of 32 with a 6-bit scale
 * and a 6-bit minimum each, packed as {@link KQuants#scaleMin} reads them.
 */
abstract class ScaleMinFormat extends SuperBlockFormat {

    @Override
    final int subBlock() {
        return 32;
    }

    @Override
    final int scale(MemorySegment data, long block, int s) {
        return KQuants.scaleMin(data, block + 4, s, 0);
    }

    @Override
    final int min(MemorySegment data, long block, int s) {
        return KQuants.scaleMin(data, block + 4, s, 1);
    }

    @Override
    final boolean hasMin() {
        return true;
    }

    @Override
    final float superScale(MemorySegment data, long block) {
        return Blocks.half(data, block);
    }

    @Override
    final float superMin(MemorySegment data, long block) {
        return Blocks.half(data, block + 2);
    }

    /** The same sum with the eight minimums unpacked at once. */
    @Override
    final int minimumSum(MemorySegment data, long block, short[] groupSums, int g0) {
        long mins = KQuants.scaleMins(data, block + 4, 1);
        int sum = 0;
        for (int j = 0; j < 8; j++) {
            sum += (int) (mins >>> (8 * j) & 0xff) * (groupSums[g0 + 2 * j] + groupSums[g0 + 2 * j + 1]);
        }
        return sum;
    }

    /** Code levels: 16 for Q4_K, 32 for Q5_K (whose fifth bits come first). */
    abstract int levels();

    @Override
    final void encode(float[] values, int from, MemorySegment out, long block) {
        int[] codes = new int[SUPER];
        int[] scales = new int[8];
        int[] mins = new int[8];
        float[] superScales = new float[2];
        KQuants.affine(values, from, 32, levels(), 64, codes, scales, mins, superScales);
        Blocks.putHalf(out, block, superScales[0]);
        Blocks.putHalf(out, block + 2, superScales[1]);
        KQuants.putScaleMins(scales, mins, out, block + 4);
        long qs = block + 16;
        if (levels() == 32) {
            for (int l = 0; l < 32; l++) {
                int high = 0;
                for (int j = 0; j < 8; j++) {
                    high |= (codes[32 * j + l] >> 4) << j;
                }
                Blocks.putByte(out, qs + l, high);
            }
            qs += 32;
        }
        for (int c = 0; c < 4; c++) {
            for (int l = 0; l < 32; l++) {
                int low = codes[64 * c + l] & 15;
                Blocks.putByte(out, qs + 32 * c + l, low | (codes[64 * c + 32 + l] & 15) << 4);
            }
        }
    }
}
