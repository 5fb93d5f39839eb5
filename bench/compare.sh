#!/usr/bin/env bash
# Side-by-side benchmark of llama.cpp (node-llama-cpp 3.22.1, every ggml CPU variant kept) and our engine on the
# same Nano-shaped 3-layer models (ME*: hidden 2688, 128 experts of 1856 top-6, 32/2 heads, vocabulary 131072),
# Q8_0 and a Q4_K_M-like mix, both written by our own generator and cached under bench/out/.
#
# Usage: bench/compare.sh [--threads 2] [--repetitions 5] [--rounds 2]
# Runs alternate between the engines, round after round, so that a change in the machine's load hits both. Ends
# with the line `ratio decode=<ours/llama.cpp> prefill=<ours/llama.cpp>`, the worse of the two weight types.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
threads=2 repetitions=5 rounds=2
while [[ $# -gt 0 ]]; do
  case "$1" in
    --threads) threads="$2"; shift 2 ;;
    --repetitions) repetitions="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    *) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
out=bench/out
mkdir -p "$out"

if [[ ! -f nemotron-runtime/target/nemotron-runtime.jar || "${SKIP_BUILD:-}" != 1 ]]; then
  ./mvnw -q -B -pl nemotron-runtime -am package -DskipTests
fi
if [[ ! -d bench/llama/node_modules/node-llama-cpp ]]; then
  # --ignore-scripts: the postinstall would download or build binaries; the prebuilt ones are what we measure.
  (cd bench/llama && npm install --ignore-scripts --no-audit --no-fund --loglevel=error)
fi

for weights in q8_0 q4_k_m; do
  model="$out/nano-ME-attn-$weights.gguf"
  [[ -f "$model" ]] || bin/nemotron synthesize --weights "$weights" --out "$model" 2>&1 | grep -v WARNING
done

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores," \
  "$(grep -o -w -E 'avx2|avx512f|avx512_bf16|avx512_vnni|avx_vnni' /proc/cpuinfo | sort -u | xargs)"
bandwidth=$("$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector bench/ReadBandwidth.java "$threads" 2>/dev/null)
echo "$bandwidth"
gbps=$(sed -E 's/read bandwidth ([0-9.]+) GB\/s.*/\1/' <<<"$bandwidth")
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

results="$out/results.jsonl"
: > "$results"
for round in $(seq 1 "$rounds"); do
  for weights in q8_0 q4_k_m; do
    model="$out/nano-ME-attn-$weights.gguf"
    node bench/llama-bench.mjs "$model" --threads "$threads" --repetitions "$repetitions" --json \
      | sed "s/^{/{\"weights\":\"$weights\",\"round\":$round,/" >> "$results"
    NEMOTRON_JAVA_OPTS="-Dorg.slf4j.simpleLogger.defaultLogLevel=warn" bin/nemotron bench --model "$model" \
      --threads "$threads" --repetitions "$repetitions" --json 2>/dev/null \
      | sed "s/^{/{\"weights\":\"$weights\",\"round\":$round,/" >> "$results"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

node - "$results" "$out" "$gbps" <<'JS'
const [file, out, gbps] = process.argv.slice(2);
const fs = require("node:fs");
const runs = fs.readFileSync(file, "utf8").trim().split("\n").map(JSON.parse);
const sizes = {};
for (const w of ["q8_0", "q4_k_m"]) {
  sizes[w] = fs.statSync(`${out}/nano-ME-attn-${w}.gguf`).size;
}
// Bytes a decode step reads: the output head, 6 of the 128 experts, the shared expert, the Mamba and attention
// projections and the F32 router (the token embedding is one row). Summed from the tensor types of the two files.
const activeBytes = {q8_0: 0.526e9, q4_k_m: 0.474e9};
const pooled = (engine, weights, test) => {
  const samples = runs.filter(r => r.engine === engine && r.weights === weights)
    .flatMap(r => r.tests[test]?.samples ?? []);
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  const sd = Math.sqrt(samples.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, samples.length - 1));
  return {mean, sd};
};
const variant = runs.find(r => r.engine === "llama.cpp")?.cpuVariant;
console.log(`llama.cpp CPU variant: ${variant}`);
console.log("| weights | test | llama.cpp t/s | ours t/s | ours/llama.cpp | decode GB/s (ours, llama.cpp) |");
console.log("| --- | --- | --- | --- | --- | --- |");
const worst = {decode: Infinity, prefill: Infinity};
const csv = ["weights,test,llama_mean,llama_sd,ours_mean,ours_sd"];
for (const w of ["q8_0", "q4_k_m"]) {
  for (const [test, kind] of [["pp64", "prefill"], ["tg32", "decode"]]) {
    const l = pooled("llama.cpp", w, test);
    const o = pooled("nemotron", w, test);
    const ratio = o.mean / l.mean;
    worst[kind] = Math.min(worst[kind], ratio);
    csv.push([w, test, l.mean, l.sd, o.mean, o.sd].join(","));
    const bw = kind === "decode"
      ? `${(o.mean * activeBytes[w] / 1e9).toFixed(1)} (${(100 * o.mean * activeBytes[w] / 1e9 / gbps).toFixed(0)}%),`
        + ` ${(l.mean * activeBytes[w] / 1e9).toFixed(1)} (${(100 * l.mean * activeBytes[w] / 1e9 / gbps).toFixed(0)}%)`
      : "";
    console.log(`| ${w} (${(sizes[w] / 2 ** 30).toFixed(2)} GiB) | ${test} | ${l.mean.toFixed(2)} ± ${l.sd.toFixed(2)}`
      + ` | ${o.mean.toFixed(2)} ± ${o.sd.toFixed(2)} | ${ratio.toFixed(2)} | ${bw} |`);
  }
}
fs.writeFileSync(`${out}/summary.csv`, csv.join("\n") + "\n");
console.log(`ratio decode=${worst.decode.toFixed(2)} prefill=${worst.prefill.toFixed(2)}`);
JS
