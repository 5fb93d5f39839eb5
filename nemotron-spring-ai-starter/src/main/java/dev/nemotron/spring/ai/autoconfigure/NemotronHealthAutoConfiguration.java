package dev.nemotron.spring.ai.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import dev.nemotron.runtime.chat.ChatEngine;
import dev.nemotron.spring.ai.EngineSettings;

/**
 * {@link AutoConfiguration Auto-configuration} of the health indicator of the loaded Nemotron model, when the
 * application has Spring Boot's health support (Actuator).
 */
@AutoConfiguration(after = NemotronAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ChatEngine.class })
@ConditionalOnBean(ChatEngine.class)
@ConditionalOnEnabledHealthIndicator("nemotron")
public class NemotronHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "nemotronHealthIndicator")
    public NemotronHealthIndicator nemotronHealthIndicator(ChatEngine engine,
            ObjectProvider<EngineSettings> settings) {
        return new NemotronHealthIndicator(engine, settings.getIfAvailable());
    }
}
