package dev.nemotron.runtime.weights;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector kernels of {@link F16Format}, {@link BF16Format} and {@link F32Format}: eight 16-bit weights widened to floats per step and
 * independent accumulators so that consecutive 256-bit FMAs do not wait on each other (four for bf16, whose
 * widening is one shift; two for fp16, whose longer widening already hides the FMA latency).
 */
final class HalfVector {

    private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_128;
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_256;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_256;
    /** 2^112 moves a half's exponent (bias 15) to float's (bias 127), subnormal halves included. */
    private static final float REBIAS = 0x1p112f;

    private HalfVector() {
    }

    /** Dot of {@code columns} fp16 weights with the floats {@code v[base...]}. */
    static float dotF16(MemorySegment data, long byteOffset, float[] v, int base, int columns) {
        FloatVector acc0 = FloatVector.zero(FLOATS);
        FloatVector acc1 = FloatVector.zero(FLOATS);
        int i = 0;
        for (; i + 16 <= columns; i += 16) {
            long at = byteOffset + 2L * i;
            acc0 = widenHalf(bits(data, at)).fma(FloatVector.fromArray(FLOATS, v, base + i), acc0);
            acc1 = widenHalf(bits(data, at + 16)).fma(FloatVector.fromArray(FLOATS, v, base + i + 8), acc1);
        }
        float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < columns; i++) {
            sum += Blocks.half(data, byteOffset + 2L * i) * v[base + i];
        }
        return sum;
    }

    /** Dot of {@code columns} bf16 weights with the floats {@code v[base...]}. */
    static float dotBF16(MemorySegment data, long byteOffset, float[] v, int base, int columns) {
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
        float sum = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        for (; i < columns; i++) {
            sum += Half.bf16ToFloat(data.get(Blocks.SHORT, byteOffset + 2L * i)) * v[base + i];
        }
        return sum;
    }

    /** Dot of {@code columns} float32 weights with the floats {@code v[base...]} (F32 rows share the loop shape). */
    static float dotF32(MemorySegment data, long byteOffset, float[] v, int base, int columns) {
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
        float sum = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        for (; i < columns; i++) {
            sum += data.get(Blocks.FLOAT, byteOffset + 4L * i) * v[base + i];
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
