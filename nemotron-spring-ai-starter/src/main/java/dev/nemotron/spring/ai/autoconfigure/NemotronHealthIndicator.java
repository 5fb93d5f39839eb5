package dev.nemotron.spring.ai.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.nemotron.runtime.chat.ChatEngine;
import dev.nemotron.spring.ai.EngineSettings;

/**
 * Reports the loaded Nemotron model: its description, where it was loaded from, its context length and KV
 * codecs.
 */
public class NemotronHealthIndicator implements HealthIndicator {

    private final ChatEngine engine;

    private final @Nullable EngineSettings settings;

    public NemotronHealthIndicator(ChatEngine engine, @Nullable EngineSettings settings) {
        this.engine = engine;
        this.settings = settings;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up()
            .withDetail("model", this.engine.describe())
            .withDetail("contextLength", this.engine.contextLength());
        if (this.settings != null) {
            health.withDetail("location", this.settings.model().toString())
                .withDetail("kvCache", this.settings.keyCodec() + " keys, " + this.settings.valueCodec() + " values");
        }
        return health.build();
    }
}
