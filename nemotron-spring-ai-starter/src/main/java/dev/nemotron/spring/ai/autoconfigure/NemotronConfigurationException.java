package dev.nemotron.spring.ai.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * A {@code spring.ai.nemotron.*} property that cannot work; startup stops with the property, its value, the
 * problem and what to set instead (see {@link NemotronConfigurationFailureAnalyzer}).
 */
public class NemotronConfigurationException extends RuntimeException {

    private final String property;

    private final @Nullable Object value;

    private final String problem;

    private final String action;

    /**
     * @param property the full property name
     * @param value    its value, {@code null} when it is not set
     * @param problem  what is wrong, as a sentence
     * @param action   what to set instead, with the allowed values, as a sentence
     * @param cause    the underlying failure, if any
     */
    public NemotronConfigurationException(String property, @Nullable Object value, String problem, String action,
            @Nullable Throwable cause) {
        super(describe(property, value, problem), cause);
        this.property = property;
        this.value = value;
        this.problem = problem;
        this.action = action;
    }

    public NemotronConfigurationException(String property, @Nullable Object value, String problem, String action) {
        this(property, value, problem, action, null);
    }

    private static String describe(String property, @Nullable Object value, String problem) {
        return value == null ? property + " is not set: " + problem : property + "=" + value + ": " + problem;
    }

    public String getProperty() {
        return this.property;
    }

    public @Nullable Object getValue() {
        return this.value;
    }

    public String getProblem() {
        return this.problem;
    }

    public String getAction() {
        return this.action;
    }
}
