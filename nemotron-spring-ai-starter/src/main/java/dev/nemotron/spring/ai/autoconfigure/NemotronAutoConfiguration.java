package dev.nemotron.spring.ai.autoconfigure;

import java.nio.file.Path;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.ai.chat.observation.ChatModelObservationConvention;
import org.springframework.ai.model.SpringAIModelProperties;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.model.tool.autoconfigure.ToolCallingAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;

import dev.nemotron.runtime.chat.ChatEngine;
import dev.nemotron.runtime.hub.HubOptions;
import dev.nemotron.spring.ai.ChatEngineFactory;
import dev.nemotron.spring.ai.EngineSettings;
import dev.nemotron.spring.ai.HubVariantResolver;
import dev.nemotron.spring.ai.NemotronChatModel;
import dev.nemotron.spring.ai.RuntimeChatEngineFactory;
import dev.nemotron.spring.ai.VariantResolver;

/**
 * {@link AutoConfiguration Auto-configuration} of the Nemotron chat model: it loads the model of
 * {@code spring.ai.nemotron.model} once per application context, closes it on shutdown, and offers it as a
 * {@link NemotronChatModel}. Active unless {@code spring.ai.model.chat} names another provider.
 */
@AutoConfiguration(after = ToolCallingAutoConfiguration.class)
@ConditionalOnClass(NemotronChatModel.class)
@ConditionalOnProperty(name = SpringAIModelProperties.CHAT_MODEL, havingValue = NemotronChatModel.PROVIDER,
        matchIfMissing = true)
@EnableConfigurationProperties({ NemotronProperties.class, NemotronChatProperties.class })
public class NemotronAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public ChatEngineFactory nemotronChatEngineFactory() {
        return new RuntimeChatEngineFactory();
    }

    @Bean
    @ConditionalOnMissingBean
    public VariantResolver nemotronVariantResolver(NemotronProperties properties) {
        HubOptions options = HubOptions.fromEnvironment();
        if (properties.getCacheDir() != null) {
            options = options.withCacheDir(Path.of(properties.getCacheDir()));
        }
        if (properties.getOffline() != null) {
            options = options.withOffline(properties.getOffline());
        }
        return new HubVariantResolver(options);
    }

    @Bean
    @ConditionalOnMissingBean({ EngineSettings.class, ChatEngine.class })
    public EngineSettings nemotronEngineSettings(NemotronProperties properties, ResourceLoader resourceLoader,
            VariantResolver variantResolver) {
        return new EngineSettingsResolver(resourceLoader, variantResolver).resolve(properties);
    }

    @Bean
    @ConditionalOnMissingBean
    public ChatEngine nemotronChatEngine(ChatEngineFactory factory, EngineSettings settings,
            NemotronProperties properties) {
        try {
            return factory.load(settings);
        }
        catch (RuntimeException ex) {
            throw new NemotronConfigurationException(NemotronProperties.CONFIG_PREFIX + ".model",
                    properties.getModel(), "the model could not be loaded: " + ex.getMessage(),
                    "Check that " + settings.model() + " is a complete Nemotron-H model in a supported weight "
                            + "format, or declare a " + ChatEngineFactory.class.getSimpleName() + " bean.",
                    ex);
        }
    }

    @Bean
    @ConditionalOnMissingBean
    public NemotronChatModel nemotronChatModel(ChatEngine engine, ObjectProvider<EngineSettings> settings,
            NemotronChatProperties chatProperties, ToolCallingManager toolCallingManager,
            ObjectProvider<ObservationRegistry> observationRegistry,
            ObjectProvider<ChatModelObservationConvention> observationConvention) {
        EngineSettings engineSettings = settings.getIfAvailable();
        String modelName = engineSettings != null ? engineSettings.modelName() : NemotronChatModel.PROVIDER;
        NemotronChatModel chatModel = NemotronChatModel.builder()
            .engine(engine)
            .options(chatProperties.toOptions(modelName))
            .toolCallingManager(toolCallingManager)
            .observationRegistry(observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP))
            .build();
        observationConvention.ifAvailable(chatModel::setObservationConvention);
        return chatModel;
    }
}
