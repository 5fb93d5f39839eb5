package dev.nemotron.runtime.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;

import dev.nemotron.runtime.hub.DownloadListener;
import dev.nemotron.runtime.hub.HubException;
import dev.nemotron.runtime.hub.HubOptions;
import dev.nemotron.runtime.hub.ModelResolver;
import dev.nemotron.runtime.hub.ResolvedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bin/nemotron pull VARIANT}: downloads a variant into the Hugging Face cache with a progress bar. */
@Command(name = "pull", mixinStandardHelpOptions = true,
        description = "Downloads a variant into the Hugging Face cache (resuming and verifying) and prints its path.")
public final class PullCommand implements Callable<Integer> {

    /** Exit code for a failed download or lookup. */
    static final int FAILED = 1;
    /** Exit code for input that names nothing loadable. */
    static final int BAD_INPUT = 2;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "VARIANT",
            description = "A variant id (see `variants`), its repository, or hf://owner/repo[/file][@revision].")
    private String variant = "";

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "The Hugging Face hub cache (default: HF_HUB_CACHE, else HF_HOME/hub, else "
                    + "~/.cache/huggingface/hub).")
    private @Nullable Path cacheDir;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "The Hub or a mirror (default: HF_ENDPOINT, else https://huggingface.co).")
    private @Nullable URI endpoint;

    @Option(names = "--offline", description = "Use the cache only, as HF_HUB_OFFLINE=1 does.")
    private boolean offline;

    @Option(names = "--no-progress", description = "Print no progress bar.")
    private boolean noProgress;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HubOptions options = options();
        ProgressBarListener bar = noProgress ? null : new ProgressBarListener();
        try {
            ResolvedModel model = new ModelResolver(options.withListener(bar == null ? DownloadListener.none() : bar))
                    .resolveModel(variant);
            err.printf("%s: %s, KV codec %s, commit %s%n", model.model(), model.format(), model.kvCodec(),
                    model.commit());
            out.println(model.path());
            return 0;
        } catch (HubException e) {
            err.println("nemotron pull: " + e.getMessage());
            return switch (e.reason()) {
                case UNKNOWN_VARIANT, NOT_LOADABLE, UNSAFE_NAME, AMBIGUOUS -> BAD_INPUT;
                default -> FAILED;
            };
        } finally {
            if (bar != null) {
                bar.close();
            }
            out.flush();
            err.flush();
        }
    }

    private HubOptions options() {
        HubOptions options = HubOptions.fromEnvironment();
        if (cacheDir != null) {
            options = options.withCacheDir(cacheDir);
        }
        if (endpoint != null) {
            options = options.withEndpoint(endpoint);
        }
        return offline ? options.withOffline(true) : options;
    }
}
