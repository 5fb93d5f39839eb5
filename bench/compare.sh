#!/usr/bin/env bash
# Side-by-side benchmark of llama.cpp (node-llama-cpp 3.22.1, every ggml CPU variant kept) and our engine on the
# same Nano-shaped 3-layer models (ME*: hidden 2688, 128 experts of 1856 top-6, 32/2 heads, vocabulary 131072),
# Q8_0 and a Q4_K_M-like mix, both written by our own generator and cached under bench/out/.
#
# Usage: [TILED=false] bench/compare.sh [--threads 2] [--repetitions 5] [--rounds 2]
# Our engine runs with the tiled kernels (-Dnemotron.tiledKernels=true, off by default; docs/performance.md).
# Runs alternate between the engines, round after round, so that a change in the machine's load hits both. Ends
# with the line `ratio decode=<ours/llama.cpp> prefill=<ours/llama.cpp>` (means; the worse of the two weight
# types), after a table that also gives each engine's best run (bench/summary.mjs).
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
    NEMOTRON_JAVA_OPTS="-Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dnemotron.tiledKernels=${TILED:-true}" \
      bin/nemotron bench --model "$model" \
      --threads "$threads" --repetitions "$repetitions" --json 2>/dev/null \
      | sed "s/^{/{\"weights\":\"$weights\",\"round\":$round,/" >> "$results"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

node bench/summary.mjs "$out" "$gbps"
