package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector kernels of {@link F16Format}, {@link BF16Format} and {@link F32Format}. The 16-bit formats widen eight
 * weights to floats per step, with independent accumulators so that consecutive 256-bit FMAs do not wait on each
 * other (four for bf16, whose widening is one shift; two for fp16, whose longer widening already hides the FMA
 * latency); F32 follows llama.cpp's order of additions (see {@link #dotF32}). Each order is a method of its own:
 * one method holding both outgrew C2's inlining budget, and its vectors were then boxed.
 */
final class HalfVector {

    private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_128;
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_256;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_256;
    /** 2^112 moves a half's exponent (bias 15) to float's (bias 127), subnormal halves included. */
    private static final float REBIAS = 0x1p112f;

    private HalfVector() {
    }

    /**
     * Dot of {@code columns} fp16 weights with the fp16-rounded floats {@code v[base...]}, in llama.cpp's order
     * (as {@link #dotF32}): tinyBLAS's single accumulator for batches, else {@code ggml_vec_dot_f16}'s four
     * accumulators with the remainder summed in double.
     */
    static float dotF16(MemorySegment data, long byteOffset, float[] v, int base, int columns, boolean batched) {
        return batched && columns % 8 == 0
                ? dotF16Batched(data, byteOffset, v, base, columns)
                : dotF16Single(data, byteOffset, v, base, columns);
    }

    private static float dotF16Batched(MemorySegment data, long byteOffset, float[] v, int base, int columns) {
        FloatVector acc = FloatVector.zero(FLOATS);
        for (int i = 0; i < columns; i += 8) {
            acc = widenHalf(bits(data, byteOffset + 2L * i)).fma(FloatVector.fromArray(FLOATS, v, base + i), acc);
        }
        return hsum(acc);
    }

    private static float dotF16Single(MemorySegment data, long byteOffset, float[] v, int base, int columns) {
        FloatVector acc0 = FloatVector.zero(FLOATS);
        FloatVector acc1 = FloatVector.zero(FLOATS);
        FloatVector acc2 = FloatVector.zero(FLOATS);
        FloatVector acc3 = FloatVector.zero(FLOATS);
        int i = 0;
        for (; i + 32 <= columns; i += 32) {
            long at = byteOffset + 2L * i;
            acc0 = widenHalf(bits(data, at)).fma(FloatVector.fromArray(FLOATS, v, base + i), acc0);
            acc1 = widenHalf(bits(data, at + 16)).fma(FloatVector.fromArray(FLOATS, v, base + i + 8), acc1);
            acc2 = widenHalf(bits(data, at + 32)).fma(FloatVector.fromArray(FLOATS, v, base + i + 16), acc2);
            acc3 = widenHalf(bits(data, at + 48)).fma(FloatVector.fromArray(FLOATS, v, base + i + 24), acc3);
        }
        double sum = haddSum(acc0.add(acc2).add(acc1.add(acc3)));
        for (; i < columns; i++) {
            sum += Blocks.half(data, byteOffset + 2L * i) * v[base + i];
        }
        return (float) sum;
    }

    /**
     * Dot of {@code columns} bf16 weights with the bf16-rounded floats {@code v[base...]}, in llama.cpp's order:
     * tinyBLAS's single accumulator for batches, else {@code ggml_vec_dot_bf16}'s four accumulators, added as
     * (0+2) + (1+3) and summed as {@code hsum}, the remainder in double. Its multiply-then-add equals an FMA here:
     * the product of two bf16 values is exact.
     */
    static float dotBF16(MemorySegment data, long byteOffset, float[] v, int base, int columns, boolean batched) {
        return batched && columns % 8 == 0
                ? dotBF16Batched(data, byteOffset, v, base, columns)
                : dotBF16Single(data, byteOffset, v, base, columns);
    }

    private static float dotBF16Batched(MemorySegment data, long byteOffset, float[] v, int base, int columns) {
        FloatVector acc = FloatVector.zero(FLOATS);
        for (int i = 0; i < columns; i += 8) {
            acc = widenBrain(bits(data, byteOffset + 2L * i)).fma(FloatVector.fromArray(FLOATS, v, base + i), acc);
        }
        return hsum(acc);
    }

    private static float dotBF16Single(MemorySegment data, long byteOffset, float[] v, int base, int columns) {
        FloatVector acc0 = FloatVector.zero(FLOATS);
        FloatVector acc1 = FloatVector.zero(FLOATS);
        FloatVector acc2 = FloatVector.zero(FLOATS);
        FloatVector acc3 = FloatVector.zero(FLOATS);
        int i = 0;
        for (; i + 32 <= columns; i += 32) {
            long at = byteOffset + 2L * i;
            acc0 = widenBrain(bits(data, at)).fma(FloatVector.fromArray(FLOATS, v, base + i), acc0);
            acc1 = widenBrain(bits(data, at + 16)).fma(FloatVector.fromArray(FLOATS, v, base + i + 8), acc1);
            acc2 = widenBrain(bits(data, at + 32)).fma(FloatVector.fromArray(FLOATS, v, base + i + 16), acc2);
            acc3 = widenBrain(bits(data, at + 48)).fma(FloatVector.fromArray(FLOATS, v, base + i + 24), acc3);
        }
        double sum = hsum(acc0.add(acc2).add(acc1.add(acc3)));
        for (; i < columns; i++) {
            sum += Half.bf16ToFloat(data.get(Blocks.SHORT, byteOffset + 2L * i)) * v[base + i];
        }
        return (float) sum;
    }

    /** {@code hsum_float_8}: {@code ((l0+l4) + (l2+l6)) + ((l1+l5) + (l3+l7))}. */
    private static float hsum(FloatVector lanes) {
        return ((lanes.lane(0) + lanes.lane(4)) + (lanes.lane(2) + lanes.lane(6)))
                + ((lanes.lane(1) + lanes.lane(5)) + (lanes.lane(3) + lanes.lane(7)));
    }

    /** The reduction of {@code GGML_F32x8_REDUCE} on one vector: {@code ((l0+l4) + (l1+l5)) + ((l2+l6) + (l3+l7))}. */
    private static float haddSum(FloatVector lanes) {
        return ((lanes.lane(0) + lanes.lane(4)) + (lanes.lane(1) + lanes.lane(5)))
                + ((lanes.lane(2) + lanes.lane(6)) + (lanes.lane(3) + lanes.lane(7)));
    }

    /**
     * Dot of {@code columns} float32 weights with the floats {@code v[base...]}, in the order llama.cpp sums it on
     * AVX2, which matters because the MoE router's choices hinge on these values. For a batch of two or more
     * vectors ({@code batched}) and rows of a multiple of 8, llama.cpp runs llamafile's {@code tinyBLAS}: one
     * 8-lane FMA accumulator over the row, then {@code hsum}. A single vector goes to {@code ggml_vec_dot_f32}:
     * four accumulators over steps of 32, reduced pairwise (0+2, 1+3, then 0+1) and by two horizontal adds; the
     * remainder is added one product at a time.
     */
    static float dotF32(MemorySegment data, long byteOffset, float[] v, int base, int columns, boolean batched) {
        return batched && columns % 8 == 0
                ? dotF32Batched(data, byteOffset, v, base, columns)
                : dotF32Single(data, byteOffset, v, base, columns);
    }

    private static float dotF32Batched(MemorySegment data, long byteOffset, float[] v, int base, int columns) {
        FloatVector acc = FloatVector.zero(FLOATS);
        for (int i = 0; i < columns; i += 8) {
            acc = floats(data, byteOffset + 4L * i).fma(FloatVector.fromArray(FLOATS, v, base + i), acc);
        }
        return hsum(acc);
    }

    private static float dotF32Single(MemorySegment data, long byteOffset, float[] v, int base, int columns) {
        FloatVector acc0 = FloatVector.zero(FLOATS);
        FloatVector acc1 = FloatVector.zero(FLOATS);
        FloatVector acc2 = FloatVector.zero(FLOATS);
        FloatVector acc3 = FloatVector.zero(FLOATS);
        int i = 0;
        for (; i + 32 <= columns; i += 32) {
            long at = byteOffset + 4L * i;
            acc0 = floats(data, at).fma(FloatVector.fromArray(FLOATS, v, base + i), acc0);
            acc1 = floats(data, at + 32).fma(FloatVector.fromArray(FLOATS, v, base + i + 8), acc1);
            acc2 = floats(data, at + 64).fma(FloatVector.fromArray(FLOATS, v, base + i + 16), acc2);
            acc3 = floats(data, at + 96).fma(FloatVector.fromArray(FLOATS, v, base + i + 24), acc3);
        }
        float sum = haddSum(acc0.add(acc2).add(acc1.add(acc3)));
        for (; i < columns; i++) {
            sum = Math.fma(data.get(Blocks.FLOAT, byteOffset + 4L * i), v[base + i], sum);
        }
        return sum;
    }

    /** Eight floats at {@code offset}, read as bytes (see {@link #bits}). */
    private static FloatVector floats(MemorySegment data, long offset) {
        return ByteVector.fromMemorySegment(ByteVector.SPECIES_256, data, offset, ByteOrder.LITTLE_ENDIAN)
                .reinterpretAsFloats();
    }

    /**
     * Eight 16-bit patterns at {@code offset}, sign-extended to ints. They are loaded as bytes and reinterpreted:
     * a short load from a heap segment over {@code byte[]} misses the intrinsic and is five times slower.
     */
    private static IntVector bits(MemorySegment data, long offset) {
        return (IntVector) ByteVector.fromMemorySegment(BYTES, data, offset, ByteOrder.LITTLE_ENDIAN)
                .reinterpretAsShorts().convertShape(VectorOperators.S2I, INTS, 0);
    }

    private static FloatVector widenBrain(IntVector bits) {
        return bits.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    /** Eight fp16 bit patterns as floats, exactly as {@link Float#float16ToFloat} (infinities and NaN kept). */
    private static FloatVector widenHalf(IntVector signExtended) {
        IntVector bits = signExtended.and(0xffff);
        IntVector magnitude = bits.and(0x7fff).lanewise(VectorOperators.LSHL, 13);
        IntVector finite = magnitude.reinterpretAsFloats().mul(REBIAS).reinterpretAsInts();
        IntVector special = magnitude.or(0x7f800000);
        IntVector value = finite.blend(special, bits.and(0x7c00).compare(VectorOperators.EQ, 0x7c00));
        return value.or(bits.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
    }
}
