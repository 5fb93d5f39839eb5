package dev.nemotron.runtime.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import dev.nemotron.runtime.model.Logits;
import dev.nemotron.runtime.model.NemotronModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code logits}: every position's logits of a token sequence, as raw little-endian float32. */
@Command(name = "logits", mixinStandardHelpOptions = true,
        description = "Write the logits of every position, [n_tokens][n_vocab] little-endian float32.")
final class LogitsCommand implements Runnable {

    /** How the tokens are fed. */
    enum Mode { batch, incremental }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--tokens", required = true, split = ",", paramLabel = "IDS",
            description = "Token ids, e.g. 1,2,3.")
    int[] tokens;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output .f32 file.")
    Path out;

    @Option(names = "--mode", paramLabel = "MODE", description = "batch (one prefill, default) or incremental.")
    Mode mode = Mode.batch;

    @Override
    public void run() {
        try (NemotronModel model = NemotronModel.load(modelOptions.model.path, modelOptions.loadOptions())) {
            long start = System.nanoTime();
            float[] logits = Logits.compute(model, tokens, mode == Mode.batch);
            long elapsed = System.nanoTime() - start;
            write(logits);
            spec.commandLine().getErr().printf("%d tokens x %d logits in %.1f ms (%s)%n", tokens.length,
                    model.vocabSize(), elapsed / 1e6, mode);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    private void write(float[] logits) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(logits.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(logits);
        try (FileChannel channel = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }
}
