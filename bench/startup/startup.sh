#!/usr/bin/env bash
# Measures edge agent start -> first 200 from GET /api/health, over N fresh starts (default 20),
# each on a new empty data directory, with the small-footprint JVM flags of design.md (infra/pi/jvm-flags).
# Usage: bench/startup/startup.sh [runs]    (build first: mvn -B install -DskipTests)
# Env: OMB_JAVA_OPTS other JVM flags (" ": none, as plain java -jar); OMB_AGENT_JAR the jar;
#      OMB_BENCH_CMD the command that starts the agent instead of java (e.g. infra/pi/omb-box, the launcher:
#      it execs java, so the RSS is the JVM's); OMB_BENCH_IDLE_S seconds to wait before reading the RSS.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-20}
jar=${OMB_AGENT_JAR:-edge-agent/target/edge-agent.jar}
[ -f "$jar" ] || { echo "no $jar: run 'mvn -B install -DskipTests' first" >&2; exit 2; }
opts=${OMB_JAVA_OPTS:-$(sed -e 's/#.*//' infra/pi/jvm-flags | tr '\n' ' ')}
cmd=${OMB_BENCH_CMD:-java $opts -jar $jar}
port=${OMB_BENCH_PORT:-18700}
times=()
for i in $(seq 1 "$runs"); do
  dir=$(mktemp -d)
  start=$(date +%s%N)
  # shellcheck disable=SC2086
  OMB_DATA_DIR="$dir" OMB_HTTP_PORT=$port OMB_SOCKETIO_PORT=$((port + 1)) OMB_BIND=127.0.0.1 \
    $cmd >"$dir/agent.log" 2>&1 &
  pid=$!
  deadline=$((start + 20000000000))
  until curl -sf -o /dev/null "http://127.0.0.1:$port/api/health"; do
    if [ "$(date +%s%N)" -gt "$deadline" ] || ! kill -0 "$pid" 2>/dev/null; then
      echo "run $i: no health answer within 20 s" >&2; cat "$dir/agent.log" >&2; kill -9 "$pid" 2>/dev/null || true; exit 1
    fi
    sleep 0.01
  done
  ms=$((($(date +%s%N) - start) / 1000000))
  sleep "${OMB_BENCH_IDLE_S:-0}"
  rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status")
  times+=("$ms")
  echo "run $i: ${ms} ms to health 200, RSS ${rss} MiB"
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
pick() { echo "$sorted" | awk -v q="$1" -v n="$runs" 'NR == (int(q * n + 0.999) > 0 ? int(q * n + 0.999) : 1)'; }
echo "startup over $runs runs: p50 $(pick 0.5) ms, p95 $(pick 0.95) ms, max $(echo "$sorted" | tail -1) ms"
