package dev.nemotron.runtime.weights;

/** A tensor is stored in a type this engine has no kernel for. */
public final class UnsupportedWeightTypeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnsupportedWeightTypeException(GgmlType type, String supported) {
        super("%s weights are not supported; supported types: %s".formatted(type, supported));
    }
}
