package dev.nemotron.runtime.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import dev.nemotron.runtime.hub.ModelFormat;
import dev.nemotron.runtime.hub.Variant;
import dev.nemotron.runtime.hub.VariantCatalogue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bin/nemotron variants}: the catalogue of the model family, one variant a line. */
@Command(name = "variants", mixinStandardHelpOptions = true,
        description = "Lists the variants of the model family: id, format, weight type, size and KV codec.")
public final class VariantsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Variant> variants = VariantCatalogue.bundled().variants();
        int idWidth = variants.stream().mapToInt(v -> v.id().length()).max().orElse(2);
        String row = "%-" + idWidth + "s  %-6s  %-9s  %-7s  %-10s  %s";
        out.println(row.formatted("ID", "FORMAT", "WEIGHTS", "SIZE", "KV CODEC", "NOTE"));
        for (Variant variant : variants) {
            out.println(row.formatted(variant.id(), variant.format() == ModelFormat.NONE ? "-" : variant.format(),
                    variant.weightType(), variant.approximateSize(), variant.kvCodec(),
                    variant.role().loadable() ? "" : "not loadable: " + variant.role().key()).stripTrailing());
        }
        out.flush();
        return 0;
    }
}
