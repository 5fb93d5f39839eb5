package dev.nemotron.runtime.synthetic;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.IntStream;

import dev.nemotron.runtime.gguf.GgufValue;
import dev.nemotron.runtime.gguf.GgufWriter;
import dev.nemotron.runtime.tokenizer.ByteLevel;

import org.jspecify.annotations.Nullable;

/**
 * Writes a random-weight NemotronH GGUF file with the metadata keys, tensor names, shapes and initialisation of
 * llama.cpp's converter and of the golden generator ({@code shared/golden/README.md} §2.1), so that llama.cpp
 * loads it as it loads a converted model.
 */
public final class SyntheticModel {

    private static final String[] CONTROL_TOKENS = {"<unk>", "<s>", "</s>", "[INST]", "[/INST]",
        "[AVAILABLE_TOOLS]", "[/AVAILABLE_TOOLS]", "[TOOL_RESULTS]", "[/TOOL_RESULTS]", "[TOOL_CALLS]",
        "<|im_start|>", "<|im_end|>", "<think>", "</think>", "<tool_call>", "</tool_call>", "<tool_response>",
        "</tool_response>", "<SPECIAL_18>", "<SPECIAL_19>"};
    private static final int NORMAL = 1;
    private static final int CONTROL = 3;
    private static final int UNUSED = 5;

    /**
     * Tensors of at least this many elements are generated while the file is written instead of held: a model of
     * Nano's real shapes has 640-million-element expert stacks. The small test geometries stay below it.
     */
    private static final long STREAMED_ELEMENTS = 1 << 24;
    /** Rows per generator of a streamed tensor. */
    private static final int ROW_GROUP = 64;

    private final Geometry geometry;
    private final TensorTypes types;
    private final RandomGenerator random;
    private final String arch;
    private @Nullable String chatTemplate;

    private SyntheticModel(Geometry geometry, TensorTypes types, long seed) {
        this.geometry = geometry;
        this.types = types;
        this.random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        this.arch = geometry.architecture();
    }

    /** A model of {@code geometry} whose tensor types {@code types} chooses, with weights drawn from {@code seed}. */
    public static SyntheticModel of(Geometry geometry, TensorTypes types, long seed) {
        return new SyntheticModel(geometry, types, seed);
    }

    /** Embeds a chat template as {@code tokenizer.chat_template}. */
    public SyntheticModel chatTemplate(String template) {
        this.chatTemplate = template;
        return this;
    }

    /** Writes the model to {@code file}. */
    public void write(Path file) throws IOException {
        GgufWriter writer = new GgufWriter();
        putHyperparameters(writer);
        putTokenizer(writer);
        addTensors(writer);
        writer.write(file);
    }

    private void putHyperparameters(GgufWriter w) {
        Geometry g = geometry;
        int layers = g.pattern().length();
        int[] feedForward = new int[layers];
        int[] kvHeads = new int[layers];
        for (int i = 0; i < layers; i++) {
            char kind = g.pattern().charAt(i);
            feedForward[i] = kind == 'E' ? g.expertFfn() : kind == '-' ? g.denseFfn() : 0;
            kvHeads[i] = kind == '*' ? g.kvHeads() : 0;
        }
        w.putString("general.architecture", arch);
        w.putString("general.name", "synthetic-" + arch + "-" + g.pattern() + "-h" + g.hidden());
        w.putUint32(key("block_count"), layers);
        w.putUint32(key("context_length"), 1 << 20);
        w.putUint32(key("embedding_length"), g.hidden());
        w.putInt32Array(key("feed_forward_length"), feedForward);
        w.putUint32(key("attention.head_count"), g.heads());
        w.putInt32Array(key("attention.head_count_kv"), kvHeads);
        w.putUint32(key("attention.key_length"), g.headDim());
        w.putUint32(key("attention.value_length"), g.headDim());
        w.putFloat32(key("attention.layer_norm_rms_epsilon"), 1e-5f);
        w.putFloat32(key("attention.layer_norm_epsilon"), 1e-5f);
        w.putFloat32(key("rope.freq_base"), 10000f);
        w.putUint32(key("vocab_size"), g.vocab());
        w.putUint32(key("ssm.conv_kernel"), g.convKernel());
        w.putUint32(key("ssm.state_size"), g.ssmState());
        w.putUint32(key("ssm.group_count"), g.ssmGroups());
        w.putUint32(key("ssm.inner_size"), g.ssmInner());
        w.putUint32(key("ssm.time_step_rank"), g.ssmHeads());
        if (g.pattern().contains("E")) {
            w.putUint32(key("expert_count"), g.experts());
            w.putUint32(key("expert_used_count"), g.expertsUsed());
            w.putUint32(key("expert_group_count"), 1);
            w.putUint32(key("expert_group_used_count"), 1);
            w.putUint32(key("expert_feed_forward_length"), g.expertFfn());
            w.putUint32(key("expert_shared_feed_forward_length"), g.sharedFfn());
            w.putUint32(key("expert_shared_count"), 1);
            w.putBool(key("expert_weights_norm"), true);
            w.putFloat32(key("expert_weights_scale"), 2.5f);
        }
    }

    private void putTokenizer(GgufWriter w) {
        List<String> tokens = new ArrayList<>(geometry.vocab());
        int[] tokenTypes = new int[geometry.vocab()];
        for (String control : CONTROL_TOKENS) {
            tokenTypes[tokens.size()] = CONTROL;
            tokens.add(control);
        }
        for (int b = 0; b < 256; b++) {
            tokenTypes[tokens.size()] = NORMAL;
            tokens.add(String.valueOf(ByteLevel.encode(b)));
        }
        String space = String.valueOf(ByteLevel.encode(' '));
        tokenTypes[tokens.size()] = NORMAL;
        tokens.add(space + space);
        while (tokens.size() < geometry.vocab()) {
            tokenTypes[tokens.size()] = UNUSED;
            tokens.add("[PAD" + tokens.size() + "]");
        }
        w.putString("tokenizer.ggml.model", "gpt2");
        w.putString("tokenizer.ggml.pre", "pixtral");
        w.put("tokenizer.ggml.tokens", GgufValue.stringArray(tokens));
        w.putInt32Array("tokenizer.ggml.token_type", tokenTypes);
        w.put("tokenizer.ggml.merges", GgufValue.stringArray(List.of(space + " " + space)));
        w.putUint32("tokenizer.ggml.bos_token_id", 1);
        w.putUint32("tokenizer.ggml.eos_token_id", 11);
        w.putUint32("tokenizer.ggml.unknown_token_id", 0);
        w.putUint32("tokenizer.ggml.padding_token_id", 0);
        w.putBool("tokenizer.ggml.add_bos_token", !geometry.pattern().contains("E"));
        if (chatTemplate != null) {
            w.putString("tokenizer.chat_template", chatTemplate);
        }
    }

    private void addTensors(GgufWriter w) {
        Geometry g = geometry;
        // The golden generator draws the embedding from N(0, 1). Tied to the output head, that makes logits of RMS
        // √hidden; scaled by 1/√hidden they keep RMS ≈ 1, like an untied head's, so an absolute tolerance on
        // logits means the same for both.
        matrix(w, "token_embd.weight", g.hidden(), g.vocab(), g.tiedOutput() ? 1 / Math.sqrt(g.hidden()) : 1.0);
        for (int layer = 0; layer < g.pattern().length(); layer++) {
            String blk = "blk." + layer + ".";
            norm(w, blk + "attn_norm.weight", g.hidden());
            switch (g.pattern().charAt(layer)) {
                case 'M' -> addMamba(w, blk);
                case '*' -> addAttention(w, blk);
                case 'E' -> addMoe(w, blk);
                case '-' -> addMlp(w, blk);
                default -> throw new IllegalArgumentException("unknown layer letter in " + g.pattern());
            }
        }
        norm(w, "output_norm.weight", g.hidden());
        if (!g.tiedOutput()) {
            matrix(w, "output.weight", g.hidden(), g.vocab(), 1 / Math.sqrt(g.hidden()));
        }
    }

    private void addMamba(GgufWriter w, String blk) {
        Geometry g = geometry;
        int inProj = 2 * g.ssmInner() + 2 * g.ssmGroups() * g.ssmState() + g.ssmHeads();
        matrix(w, blk + "ssm_in.weight", g.hidden(), inProj, 1 / Math.sqrt(g.hidden()));
        add(w, blk + "ssm_conv1d.weight", gaussian(g.convKernel() * g.convChannels(), 1 / Math.sqrt(g.convKernel())),
                g.convKernel(), g.convChannels());
        add(w, blk + "ssm_conv1d.bias", gaussian(g.convChannels(), 0.1), g.convChannels());
        float[] dtBias = new float[g.ssmHeads()];
        float[] a = new float[g.ssmHeads()];
        for (int h = 0; h < g.ssmHeads(); h++) {
            double dt = Math.exp(Math.log(1e-3) + random.nextDouble() * (Math.log(1e-1) - Math.log(1e-3)));
            dtBias[h] = (float) Math.log(Math.expm1(dt));
            a[h] = (float) -random.nextDouble(1, 16);
        }
        add(w, blk + "ssm_dt.bias", dtBias, g.ssmHeads());
        add(w, blk + "ssm_a", a, 1, g.ssmHeads());
        add(w, blk + "ssm_d", around(1, g.ssmHeads()), 1, g.ssmHeads());
        add(w, blk + "ssm_norm.weight", around(1, g.ssmInner()), g.ssmInner() / g.ssmGroups(), g.ssmGroups());
        matrix(w, blk + "ssm_out.weight", g.ssmInner(), g.hidden(), 1 / Math.sqrt(g.ssmInner()));
    }

    private void addAttention(GgufWriter w, String blk) {
        Geometry g = geometry;
        double scale = 1 / Math.sqrt(g.hidden());
        matrix(w, blk + "attn_q.weight", g.hidden(), g.heads() * g.headDim(), scale);
        matrix(w, blk + "attn_k.weight", g.hidden(), g.kvHeads() * g.headDim(), scale);
        matrix(w, blk + "attn_v.weight", g.hidden(), g.kvHeads() * g.headDim(), scale);
        matrix(w, blk + "attn_output.weight", g.heads() * g.headDim(), g.hidden(),
                1 / Math.sqrt(g.heads() * g.headDim()));
    }

    private void addMoe(GgufWriter w, String blk) {
        Geometry g = geometry;
        matrix(w, blk + "ffn_gate_inp.weight", g.hidden(), g.experts(), 1 / Math.sqrt(g.hidden()));
        add(w, blk + "exp_probs_b.bias", gaussian(g.experts(), 0.05), g.experts());
        experts(w, blk + "ffn_up_exps.weight", 1 / Math.sqrt(g.hidden()), g.hidden(), g.expertFfn(), g.experts());
        experts(w, blk + "ffn_down_exps.weight", 1 / Math.sqrt(g.expertFfn()), g.expertFfn(), g.hidden(),
                g.experts());
        matrix(w, blk + "ffn_up_shexp.weight", g.hidden(), g.sharedFfn(), 1 / Math.sqrt(g.hidden()));
        matrix(w, blk + "ffn_down_shexp.weight", g.sharedFfn(), g.hidden(), 1 / Math.sqrt(g.sharedFfn()));
    }

    private void addMlp(GgufWriter w, String blk) {
        Geometry g = geometry;
        matrix(w, blk + "ffn_up.weight", g.hidden(), g.denseFfn(), 1 / Math.sqrt(g.hidden()));
        matrix(w, blk + "ffn_down.weight", g.denseFfn(), g.hidden(), 1 / Math.sqrt(g.denseFfn()));
    }

    private void matrix(GgufWriter w, String name, int columns, int rows, double scale) {
        if ((long) columns * rows >= STREAMED_ELEMENTS) {
            streamed(w, name, scale, columns, rows);
        } else {
            add(w, name, gaussian(columns * rows, scale), columns, rows);
        }
    }

    /**
     * Adds a large Gaussian tensor that the writer generates and encodes row block by row block. Each block of
     * rows draws from its own generator, seeded from one draw of the model's, so the blocks can be generated in
     * parallel and the file is still a function of the seed.
     */
    private void streamed(GgufWriter w, String name, double scale, long... shape) {
        long seed = random.nextLong();
        int rowLength = (int) shape[0];
        GgufWriter.TensorSource source = (firstRow, rows, out) -> IntStream.range(0, (rows + ROW_GROUP - 1)
                / ROW_GROUP).parallel().forEach(group -> {
                    long row = firstRow + (long) group * ROW_GROUP;
                    RandomGenerator rows64 = RandomGeneratorFactory.<RandomGenerator>of("L64X128MixRandom")
                            .create(seed ^ (row * 0x9E3779B97F4A7C15L));
                    int from = group * ROW_GROUP * rowLength;
                    int to = Math.min(rows, (group + 1) * ROW_GROUP) * rowLength;
                    for (int i = from; i < to; i++) {
                        out[i] = (float) (rows64.nextGaussian() * scale);
                    }
                });
        w.addStreamedTensor(name, types.typeOf(name, shape), shape, source);
    }

    private void experts(GgufWriter w, String name, double scale, long... shape) {
        if (shape[0] * shape[1] * shape[2] >= STREAMED_ELEMENTS) {
            streamed(w, name, scale, shape);
        } else {
            add(w, name, gaussian((int) (shape[0] * shape[1] * shape[2]), scale), shape);
        }
    }

    private void norm(GgufWriter w, String name, int size) {
        add(w, name, around(1, size), size);
    }

    private void add(GgufWriter w, String name, float[] values, long... shape) {
        w.addTensor(name, types.typeOf(name, shape), shape, values);
    }

    private float[] gaussian(int count, double scale) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (random.nextGaussian() * scale);
        }
        return values;
    }

    private float[] around(double center, int count) {
        float[] values = gaussian(count, 0.1);
        for (int i = 0; i < count; i++) {
            values[i] += (float) center;
        }
        return values;
    }

    private String key(String suffix) {
        return arch + "." + suffix;
    }
}
