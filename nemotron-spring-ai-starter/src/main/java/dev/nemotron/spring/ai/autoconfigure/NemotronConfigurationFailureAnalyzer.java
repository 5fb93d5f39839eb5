package dev.nemotron.spring.ai.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link NemotronConfigurationException} into Spring Boot's startup report: the property, its value and
 * the problem as the description; what to set, with the allowed values, as the action.
 */
public class NemotronConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<NemotronConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, NemotronConfigurationException cause) {
        String description = String.format("Invalid Nemotron configuration:%n%n    Property: %s%n    Value: %s%n"
                + "    Reason: %s", cause.getProperty(), cause.getValue() != null ? cause.getValue() : "(not set)",
                cause.getProblem());
        return new FailureAnalysis(description, cause.getAction(), cause);
    }
}
