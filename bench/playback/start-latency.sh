#!/usr/bin/env bash
# Measures POST /api/playlists/{id}/start -> the first PCM frame written to the audio output, N times
# (default 50) for each of three playlists (WAV 44.1 kHz, WAV 48 kHz, MP3), with the agent in-process
# (org.openmusicbox.edge.bench.StartLatency, in edge-agent's test sources because it uses the test
# tone generator) and the box's JVM flags (infra/pi/jvm-flags). Prints p50 / p95 / max per kind of file.
# Usage: bench/playback/start-latency.sh [runs]
#   OMB_BENCH_SKIP_BUILD=1  use the classes already built
#   OMB_JAVA_OPTS="..."     other JVM flags
#   JAVA=...                the java command, e.g. bench/pi-like/java for the Pi-like profile
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-50}
if [ "${OMB_BENCH_SKIP_BUILD:-}" != 1 ]; then
  mvn -B -q install -DskipTests
  mvn -B -q -pl edge-agent test-compile
fi
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -B -q -pl edge-agent dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test
cp="edge-agent/target/test-classes:edge-agent/target/classes:$(cat "$cp_file")"
opts=${OMB_JAVA_OPTS:-$(sed -e 's/#.*//' infra/pi/jvm-flags | tr '\n' ' ')}
# shellcheck disable=SC2086
exec "${JAVA:-java}" $opts -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" org.openmusicbox.edge.bench.StartLatency "$runs"
