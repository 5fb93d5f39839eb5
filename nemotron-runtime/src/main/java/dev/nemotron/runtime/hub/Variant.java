package dev.nemotron.runtime.hub;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * One entry of the model family's catalogue: a Hugging Face card and where its weights come from.
 *
 * <p>The {@code -rq-kv} and {@code -tq-kv} cards publish no weights of their own: their {@link #weightRepository()}
 * is the parent weight repository and their {@link #kvCodec()} the codec the card pairs with it.
 *
 * @param id               the catalogue id, the card name in lower case, as in {@code rotorquant-gguf-q4_k_m}
 * @param cardName         the name the model card's family table gives, as in {@code RotorQuant-GGUF-Q4_K_M}
 * @param repository       the card's own repository, {@code owner/name}
 * @param weightRepository the repository holding the weights, or null if the card publishes none
 * @param format           how the weights are stored
 * @param weightType       the quantization, as in {@code Q4_K_M} for GGUF or {@code 8bit} for MLX
 * @param approximateSize  the card's size estimate, as in {@code 33 GB}
 * @param kvCodec          the KV codec id the card pairs with the weights ({@code rotorquant}, {@code turboquant}),
 *                         or {@code none} for the engine's default cache
 * @param role             whether this is a chat model, a projector or a KV-cache root card
 * @param useCase          the card's one-line description
 */
public record Variant(String id, String cardName, String repository, @Nullable String weightRepository,
                      ModelFormat format, String weightType, String approximateSize, String kvCodec,
                      VariantRole role, String useCase) {

    /** The value of {@link #kvCodec()} for variants that leave the KV cache to the engine's default. */
    public static final String NO_KV_CODEC = "none";

    /** The KV codec this variant asks for, empty when it leaves the choice to the engine. */
    public Optional<String> kvCodecOverride() {
        return override(kvCodec);
    }

    static Optional<String> override(String kvCodec) {
        return NO_KV_CODEC.equals(kvCodec) ? Optional.empty() : Optional.of(kvCodec);
    }

    /** The weight repository, empty for a card that publishes no weights. */
    public Optional<String> weights() {
        return Optional.ofNullable(weightRepository);
    }
}
