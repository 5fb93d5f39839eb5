#!/usr/bin/env bash
# Installs the llama.cpp oracle used by the tests: node-llama-cpp 3.22.1 with its prebuilt CPU binaries
# (llama.cpp v0.5.0, the release the golden data was made with). Runs once; later calls return at once.
set -euo pipefail
cd "$(dirname "$0")"
ready=node_modules/.nemotron-oracle-ready
[[ -f "$ready" ]] && exit 0

# --ignore-scripts: the package's postinstall would try to fetch or build binaries; the prebuilt ones suffice.
npm install --omit=optional --ignore-scripts --no-audit --no-fund --loglevel=error

# ggml loads the best CPU variant for the machine. The golden logits were computed by the AVX2/FMA/F16C build
# (no AVX-512); keeping only that variant makes the oracle reproduce them bit for bit on any x86-64 machine.
bins=node_modules/@node-llama-cpp/linux-x64/bins/linux-x64
find "$bins" -name 'libggml-cpu-*.so' ! -name 'libggml-cpu-haswell.so' -delete
touch "$ready"
