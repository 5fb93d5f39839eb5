// Summarises bench/out/results.jsonl (written by bench/compare.sh): per weight type and test, the mean ± sample
// standard deviation of tokens/s over every run of each engine, the best single run, and the ratios ours/llama.cpp
// of both. On a machine shared with other work the best run is the better estimate of what an engine can do;
// the last line (the issue's) uses the means. Writes bench/out/summary.csv for bench/Plot.java.
//
// Usage: node bench/summary.mjs RESULTS_DIR BANDWIDTH_GBPS
import fs from "node:fs";

const [out, gbps] = process.argv.slice(2);
const runs = fs.readFileSync(`${out}/results.jsonl`, "utf8").trim().split("\n").map(line => JSON.parse(line));
const weightTypes = ["q8_0", "q4_k_m"];
// Bytes a decode step reads: the output head, 6 of the 128 experts, the shared expert, the Mamba and attention
// projections and the F32 router (the token embedding is one row). Summed from the tensor types of the two files.
const activeBytes = {q8_0: 0.526e9, q4_k_m: 0.474e9};

function pooled(engine, weights, test) {
    const samples = runs.filter(r => r.engine === engine && r.weights === weights)
        .flatMap(r => r.tests[test]?.samples ?? []);
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    const sd = Math.sqrt(samples.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, samples.length - 1));
    return {mean, sd, best: Math.max(...samples)};
}

const percent = rate => `${(100 * rate / 1e9 / gbps).toFixed(0)}%`;
console.log(`llama.cpp CPU variant: ${runs.find(r => r.engine === "llama.cpp")?.cpuVariant}`);
console.log("| weights | test | llama.cpp t/s | ours t/s | ratio (means) | best llama.cpp | best ours"
    + " | ratio (best) | decode GB/s at best (ours, llama.cpp) |");
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
const worst = {decode: Infinity, prefill: Infinity};
const worstBest = {decode: Infinity, prefill: Infinity};
const csv = ["weights,test,llama_mean,llama_sd,ours_mean,ours_sd,llama_best,ours_best"];
for (const w of weightTypes) {
    const size = fs.statSync(`${out}/nano-ME-attn-${w}.gguf`).size / 2 ** 30;
    for (const [test, kind] of [["pp64", "prefill"], ["tg32", "decode"]]) {
        const l = pooled("llama.cpp", w, test);
        const o = pooled("nemotron", w, test);
        worst[kind] = Math.min(worst[kind], o.mean / l.mean);
        worstBest[kind] = Math.min(worstBest[kind], o.best / l.best);
        const bandwidth = kind === "decode"
            ? `${(o.best * activeBytes[w] / 1e9).toFixed(1)} (${percent(o.best * activeBytes[w])}), `
              + `${(l.best * activeBytes[w] / 1e9).toFixed(1)} (${percent(l.best * activeBytes[w])})`
            : "";
        console.log(`| ${w} (${size.toFixed(2)} GiB) | ${test} | ${l.mean.toFixed(2)} ± ${l.sd.toFixed(2)} | `
            + `${o.mean.toFixed(2)} ± ${o.sd.toFixed(2)} | ${(o.mean / l.mean).toFixed(2)} | ${l.best.toFixed(2)} | `
            + `${o.best.toFixed(2)} | ${(o.best / l.best).toFixed(2)} | ${bandwidth} |`);
        csv.push([w, test, l.mean, l.sd, o.mean, o.sd, l.best, o.best].join(","));
    }
}
fs.writeFileSync(`${out}/summary.csv`, csv.join("\n") + "\n");
console.log(`best-run ratio decode=${worstBest.decode.toFixed(2)} prefill=${worstBest.prefill.toFixed(2)}`);
console.log(`ratio decode=${worst.decode.toFixed(2)} prefill=${worst.prefill.toFixed(2)}`);
