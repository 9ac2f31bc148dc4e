#!/usr/bin/env bash
# Measures edge agent start -> first 200 from GET /api/health, over N fresh starts (default 20),
# each on a new empty data directory, with the small-footprint JVM flags of design.md.
# Usage: bench/startup/startup.sh [runs]    (build first: mvn -B install -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-20}
jar=edge-agent/target/edge-agent.jar
[ -f "$jar" ] || { echo "no $jar: run 'mvn -B install -DskipTests' first" >&2; exit 2; }
opts=${OMB_JAVA_OPTS:-"-Xms8m -Xmx64m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:MaxMetaspaceSize=96m -XX:ReservedCodeCacheSize=32m -XX:MaxDirectMemorySize=32m -XX:-UsePerfData -Dio.netty.allocator.type=unpooled"}
port=${OMB_BENCH_PORT:-18700}
times=()
for i in $(seq 1 "$runs"); do
  dir=$(mktemp -d)
  start=$(date +%s%N)
  # shellcheck disable=SC2086
  OMB_DATA_DIR="$dir" OMB_HTTP_PORT=$port OMB_SOCKETIO_PORT=$((port + 1)) OMB_BIND=127.0.0.1 \
    java $opts -jar "$jar" >"$dir/agent.log" 2>&1 &
  pid=$!
  deadline=$((start + 20000000000))
  until curl -sf -o /dev/null "http://127.0.0.1:$port/api/health"; do
    if [ "$(date +%s%N)" -gt "$deadline" ] || ! kill -0 "$pid" 2>/dev/null; then
      echo "run $i: no health answer within 20 s" >&2; cat "$dir/agent.log" >&2; kill -9 "$pid" 2>/dev/null || true; exit 1
    fi
    sleep 0.01
  done
  ms=$((($(date +%s%N) - start) / 1000000))
  rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status")
  times+=("$ms")
  echo "run $i: ${ms} ms to health 200, RSS ${rss} MiB"
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
pick() { echo "$sorted" | awk -v q="$1" -v n="$runs" 'NR == (int(q * n + 0.999) > 0 ? int(q * n + 0.999) : 1)'; }
echo "startup over $runs runs: p50 $(pick 0.5) ms, p95 $(pick 0.95) ms, max $(echo "$sorted" | tail -1) ms"
