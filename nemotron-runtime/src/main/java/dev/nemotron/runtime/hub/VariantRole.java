package dev.nemotron.runtime.hub;

/** What a catalogue entry is for; only chat models can be loaded by the engine. */
public enum VariantRole {
    /** A text model the engine runs. */
    CHAT_MODEL("chat", true),
    /** The multimodal projector ({@code mmproj}) that llama-mtmd-cli pairs with a GGUF; no text model in it. */
    PROJECTOR("projector", false),
    /** A weight-agnostic card documenting a KV-cache codec; it publishes no weights. */
    KV_ROOT("kv-root", false);

    private final String key;
    private final boolean loadable;

    VariantRole(String key, boolean loadable) {
        this.key = key;
        this.loadable = loadable;
    }

    /** The role's name in {@code variants.json}. */
    public String key() {
        return key;
    }

    /** Whether the engine can run this as a chat model. */
    public boolean loadable() {
        return loadable;
    }

    static VariantRole ofKey(String key) {
        for (VariantRole role : values()) {
            if (role.key.equals(key)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown variant role '" + key + "' in variants.json");
    }
}
