#!/usr/bin/env bash
# Builds and runs the JMH kernel benchmarks; arguments go to JMH (e.g. MatrixBenchmark -p type=Q8_0 -p batch=1).
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  (cd "$home" && ./mvnw -q -B -Pbenchmarks -pl nemotron-benchmarks -am package -DskipTests)
fi
target="$home/nemotron-benchmarks/target"
exec "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -cp "$target/nemotron-benchmarks.jar:$target/lib/*" \
  org.openjdk.jmh.Main "$@"
