# The edge agent started as the box starts it, for the memory benchmarks (sourced by idle.sh and
# playing-rss.sh; bash): the launcher infra/pi/omb-box with the flags of infra/pi/jvm-flags (OMB_JAVA_OPTS
# replaces them, OMB_BENCH_EXTRA adds to them, for an experiment), a private copy of the jar (a build running
# meanwhile cannot replace it under the archive) and an AppCDS archive made the way install.sh makes it.
# The caller sets repo (the repository root) and cleans up with box_cleanup (an EXIT trap).

box_work=""
box_pid=""
box_archive=""
box_start_ms=0
box_cloud=0
# NAME=VALUE settings every start gets (box_with_cloud adds to them).
box_env=()

# box_prepare PORT ARCHIVE(1|0): copies the jar, reads the flags, builds the archive when asked.
box_prepare() {
  box_port=$1
  local jar=${OMB_AGENT_JAR:-$repo/edge-agent/target/edge-agent.jar}
  [ -f "$jar" ] || { echo "no $jar: mvn -B -q -pl edge-agent -am package -DskipTests first" >&2; exit 2; }
  for tool in curl pmap jcmd unzip; do
    command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }
  done
  # Another agent on the port would answer the health checks in place of ours.
  if curl -s -o /dev/null "http://127.0.0.1:$box_port/api/health"; then
    echo "something already answers on port $box_port: stop it or choose another with OMB_BENCH_PORT" >&2
    exit 2
  fi
  box_flags=${OMB_JAVA_OPTS:-$(sed -e 's/#.*//' "$repo/infra/pi/jvm-flags" | tr '\n' ' ')}
  box_flags=$(echo $box_flags ${OMB_BENCH_EXTRA:-})
  box_work=$(mktemp -d)
  cp "$jar" "$box_work/edge-agent.jar"
  # As install.sh leaves it: sqlite's native library beside the jar, where the launcher finds it.
  local own=""
  case $(uname -m) in x86_64) own=x86_64 ;; aarch64) own=aarch64 ;; esac
  if [ -n "$own" ]; then
    mkdir -p "$box_work/native"
    unzip -p "$box_work/edge-agent.jar" "org/sqlite/native/Linux/$own/libsqlitejdbc.so" >"$box_work/native/libsqlitejdbc.so"
  fi
  box_archive=""
  if [ "$2" = 1 ]; then
    box_archive="$box_work/edge-agent.jsa"
    # As install.sh builds it: a short run without the box's settings (no cloud link) that serves health,
    # the page and the library, then SIGTERM.
    local data settings=("${box_env[@]}")
    data=$(mktemp -d "$box_work/dump.XXXXXX")
    box_env=()
    OMB_CDS_DUMP=1 box_launch "$data" "$box_flags"
    box_wait_health "$data" 30
    curl -sf -o /dev/null "http://127.0.0.1:$box_port/" || true
    curl -sf -o /dev/null "http://127.0.0.1:$box_port/api/playlists" || true
    box_stop
    box_env=("${settings[@]}")
    [ -s "$box_archive" ] || { echo "no AppCDS archive was written" >&2; tail -n 20 "$data/agent.log" >&2; exit 1; }
  fi
}

# box_with_cloud: every later start links to the broker OMB_BENCH_BROKER (default tcp://127.0.0.1:1883, e.g.
# the machine's Mosquitto; no cloud app needs to answer; ssl://... with OMB_BENCH_BROKER_CA, the PEM file of its
# CA) and box_start waits until health says "connected". A device id of its own per script run, so that no
# earlier run's session on the broker is resumed.
box_with_cloud() {
  box_cloud=1
  box_env+=(OMB_CLOUD_URL="${OMB_BENCH_BROKER:-tcp://127.0.0.1:1883}" OMB_CLOUD_DEVICE_ID="bench-memory-$$")
  if [ -n "${OMB_BENCH_BROKER_CA:-}" ]; then box_env+=(OMB_CLOUD_CA_FILE="$OMB_BENCH_BROKER_CA"); fi
}

# box_launch DATA FLAGS: starts the launcher in the background (the agent's log in DATA).
box_launch() {
  local data=$1 opts=$2
  env "${box_env[@]}" OMB_JAR="$box_work/edge-agent.jar" OMB_CDS_ARCHIVE="$box_archive" OMB_JAVA_OPTS="$opts" \
    OMB_DATA_DIR="$data" OMB_BIND=127.0.0.1 OMB_HTTP_PORT="$box_port" OMB_SOCKETIO_PORT=$((box_port + 1)) \
    "$repo/infra/pi/omb-box" >>"$data/agent.log" 2>&1 &
  box_pid=$!
}

# box_wait_health DATA SECONDS: until GET /api/health answers 200; ends the script when it does not.
box_wait_health() {
  local deadline=$(($(date +%s) + $2))
  until curl -sf -o /dev/null "http://127.0.0.1:$box_port/api/health"; do
    if [ "$(date +%s)" -ge "$deadline" ] || ! kill -0 "$box_pid" 2>/dev/null; then
      echo "no health answer within $2 s; the agent's log:" >&2
      tail -n 30 "$1/agent.log" >&2
      exit 1
    fi
    sleep 0.01
  done
}

# box_start DATA FLAGS: box_launch, then waits for health (and the cloud link); sets box_start_ms.
box_start() {
  local t0
  t0=$(date +%s%N)
  box_launch "$@"
  box_wait_health "$1" 30
  box_start_ms=$((($(date +%s%N) - t0) / 1000000))
  if [ "$box_cloud" = 1 ]; then
    local deadline=$(($(date +%s) + 20))
    until curl -sf "http://127.0.0.1:$box_port/api/health" | grep -q '"cloud":"connected"'; do
      if [ "$(date +%s)" -ge "$deadline" ]; then
        echo "the cloud link is not up after 20 s:" >&2
        curl -s "http://127.0.0.1:$box_port/api/health" >&2
        exit 1
      fi
      sleep 0.2
    done
  fi
}

box_stop() {
  if [ -n "$box_pid" ]; then
    kill -TERM "$box_pid" 2>/dev/null || true
    wait "$box_pid" 2>/dev/null || true
  fi
  box_pid=""
}

box_cleanup() {
  if [ -n "$box_pid" ]; then kill -9 "$box_pid" 2>/dev/null || true; fi
  if [ -n "$box_work" ]; then rm -rf "$box_work"; fi
}

# "VmRSS RssAnon RssFile" of the agent in MiB, one decimal each.
box_rss() {
  awk '/^(VmRSS|RssAnon|RssFile):/ {v[$1] = $2 / 1024}
       END {printf "%.1f %.1f %.1f", v["VmRSS:"], v["RssAnon:"], v["RssFile:"]}' "/proc/$box_pid/status"
}

box_threads() { ls "/proc/$box_pid/task" | wc -l; }

# box_breakdown: where the memory is, for a start with -XX:NativeMemoryTracking=summary.
box_breakdown() {
  echo "NMT committed, KiB:"
  jcmd "$box_pid" VM.native_memory summary |
    awk '/^Total:/ {print "  " $0}
         /^-/ {sub(/^- */, ""); name = $0; sub(/ *\(reserved=.*/, "", name);
               match($0, /committed=[0-9]+KB/); printf "  %-28s %s\n", name, substr($0, RSTART + 10, RLENGTH - 12)}
         /\(classes #/ {print "  " $0}'
  # The listings read their whole input (no head): with pipefail an early close would end the script.
  echo "largest mappings (pmap -x: RSS and dirty KiB):"
  pmap -x "$box_pid" | awk '$1 ~ /^[0-9a-f]+$/ && NF >= 6' | sort -k3 -n -r | awk 'NR <= 8' |
    awk '{name = $6; for (i = 7; i <= NF; i++) name = name " " $i; printf "  %8s %8s  %s %s\n", $3, $4, $5, name}'
  echo "threads by name ($(box_threads), digits as N):"
  jcmd "$box_pid" Thread.print | sed -n 's/^"\([^"]*\)".*/\1/p' | sed -e 's/[0-9][0-9]*/N/g' | sort | uniq -c |
    sort -rn | awk '{c = $1; $1 = ""; printf "  %3d %s\n", c, substr($0, 2)}'
}
