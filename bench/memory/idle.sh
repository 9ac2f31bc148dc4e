#!/usr/bin/env bash
# The edge agent's idle resident memory as the box runs it: started by the launcher (infra/pi/omb-box) with
# the flags of infra/pi/jvm-flags and an AppCDS archive built the way install.sh builds it. For each of N fresh
# starts it prints the time to the first /api/health 200, VmRSS/RssAnon/RssFile right after that and again
# after the idle wait, and the thread count; then the medians. A last start with Native Memory Tracking
# breaks the memory down: NMT's committed figure per category, the largest mappings (pmap -x), the threads
# by name and the classes loaded. NMT costs memory of its own, so that start is not one of the N.
#
# Usage: bench/memory/idle.sh [--runs N] [--idle S] [--no-archive] [--no-breakdown] [--quick]
#   --runs N        fresh starts measured (default 3)
#   --idle S        seconds idle before the second reading (default 30)
#   --no-archive    no AppCDS archive (OMB_CDS_ARCHIVE empty)
#   --no-breakdown  skip the NMT start
#   --quick         CI smoke size: 1 start, 2 s idle, the breakdown; fails only when the agent does not start
# (The listings read their whole input, no head: with pipefail an early close would end the script.)
# Env: OMB_JAVA_OPTS replaces the flags of jvm-flags; OMB_BENCH_EXTRA adds flags to them (an experiment);
#      OMB_AGENT_JAR the jar (default edge-agent/target/edge-agent.jar; a private copy is run);
#      OMB_BENCH_PORT first port (default 18870); JAVA the java command. Needs curl, pmap and jcmd.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)

runs=3
idle=30
archive_wanted=1
breakdown=1
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --idle) idle=$2; shift 2 ;;
    --no-archive) archive_wanted=0; shift ;;
    --no-breakdown) breakdown=0; shift ;;
    --quick) runs=1; idle=2; shift ;;
    -h | --help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "idle.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

jar=${OMB_AGENT_JAR:-edge-agent/target/edge-agent.jar}
[ -f "$jar" ] || { echo "idle.sh: no $jar: mvn -B -q -pl edge-agent -am package -DskipTests first" >&2; exit 2; }
for tool in curl pmap jcmd; do
  command -v "$tool" >/dev/null || { echo "idle.sh: needs $tool" >&2; exit 2; }
done
flags=${OMB_JAVA_OPTS:-$(sed -e 's/#.*//' infra/pi/jvm-flags | tr '\n' ' ')}
flags="$flags ${OMB_BENCH_EXTRA:-}"
port=${OMB_BENCH_PORT:-18870}

work=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill -9 "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
# A private copy: a build running meanwhile cannot replace the jar under the archive.
cp "$jar" "$work/edge-agent.jar"

# Starts the launcher on a fresh data directory with the given JVM flags; sets pid and start_ms.
start() {
  local opts=$1 data
  data=$(mktemp -d "$work/data.XXXXXX")
  local t0
  t0=$(date +%s%N)
  OMB_JAR="$work/edge-agent.jar" OMB_CDS_ARCHIVE="$archive" OMB_JAVA_OPTS="$opts" \
    OMB_DATA_DIR="$data" OMB_BIND=127.0.0.1 OMB_HTTP_PORT=$port OMB_SOCKETIO_PORT=$((port + 1)) \
    "$repo/infra/pi/omb-box" >"$data/agent.log" 2>&1 &
  pid=$!
  local deadline=$((t0 + 30000000000))
  until curl -sf -o /dev/null "http://127.0.0.1:$port/api/health"; do
    if [ "$(date +%s%N)" -gt "$deadline" ] || ! kill -0 "$pid" 2>/dev/null; then
      echo "idle.sh: no health answer within 30 s; the agent's log:" >&2
      tail -n 30 "$data/agent.log" >&2
      exit 1
    fi
    sleep 0.01
  done
  start_ms=$((($(date +%s%N) - t0) / 1000000))
}

stop() {
  kill -TERM "$pid"
  wait "$pid" 2>/dev/null || true
  pid=""
}

# "VmRSS RssAnon RssFile" in MiB, one decimal.
rss() {
  awk '/^(VmRSS|RssAnon|RssFile):/ {v[$1] = $2 / 1024}
       END {printf "%.1f %.1f %.1f", v["VmRSS:"], v["RssAnon:"], v["RssFile:"]}' "/proc/$pid/status"
}
threads() { ls "/proc/$pid/task" | wc -l; }
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

archive=""
if [ "$archive_wanted" = 1 ]; then
  # As install.sh builds it: a short run that serves health, the page and the library, then SIGTERM.
  archive="$work/edge-agent.jsa"
  data=$(mktemp -d "$work/dump.XXXXXX")
  OMB_JAR="$work/edge-agent.jar" OMB_CDS_ARCHIVE="$archive" OMB_CDS_DUMP=1 OMB_JAVA_OPTS="$flags" \
    OMB_DATA_DIR="$data" OMB_BIND=127.0.0.1 OMB_HTTP_PORT=$port OMB_SOCKETIO_PORT=$((port + 1)) \
    "$repo/infra/pi/omb-box" >"$data/agent.log" 2>&1 &
  pid=$!
  for _ in $(seq 600); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/api/health" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  curl -sf -o /dev/null "http://127.0.0.1:$port/" || true
  curl -sf -o /dev/null "http://127.0.0.1:$port/api/playlists" || true
  stop
  [ -s "$archive" ] || { echo "idle.sh: no AppCDS archive was written" >&2; tail -n 20 "$data/agent.log" >&2; exit 1; }
fi

echo "idle memory: $runs start(s), ${idle} s idle, archive: $([ -n "$archive" ] && echo yes || echo no)"
echo "flags: $(echo $flags)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
: >"$work/after"
for i in $(seq 1 "$runs"); do
  start "$flags"
  read -r s_rss s_anon s_file <<<"$(rss)"
  sleep "$idle"
  read -r i_rss i_anon i_file <<<"$(rss)"
  n=$(threads)
  echo "run $i: health 200 in ${start_ms} ms; RSS at start $s_rss MiB (anon $s_anon, file $s_file);" \
    "after ${idle} s $i_rss MiB (anon $i_anon, file $i_file); $n threads"
  echo "$i_rss $i_anon $i_file $start_ms" >>"$work/after"
  stop
done
echo "median after ${idle} s idle: RSS $(cut -d' ' -f1 "$work/after" | median) MiB" \
  "(anon $(cut -d' ' -f2 "$work/after" | median), file $(cut -d' ' -f3 "$work/after" | median));" \
  "health 200 in $(cut -d' ' -f4 "$work/after" | median) ms"

if [ "$breakdown" = 1 ]; then
  start "$flags -XX:NativeMemoryTracking=summary"
  sleep "$idle"
  echo
  echo "breakdown (a start with -XX:NativeMemoryTracking=summary, after ${idle} s idle; RSS $(rss | cut -d' ' -f1) MiB):"
  echo "NMT committed, KiB:"
  jcmd "$pid" VM.native_memory summary |
    awk '/^Total:/ {print "  " $0}
         /^-/ {sub(/^- */, ""); name = $0; sub(/ *\(reserved=.*/, "", name);
               match($0, /committed=[0-9]+KB/); printf "  %-28s %s\n", name, substr($0, RSTART + 10, RLENGTH - 12)}
         /\(classes #/ {print "  " $0}'
  echo "largest mappings (pmap -x, RSS and dirty KiB):"
  pmap -x "$pid" | awk '$1 ~ /^[0-9a-f]+$/ && NF >= 6' | sort -k3 -n -r | awk 'NR <= 8' |
    awk '{name = $6; for (i = 7; i <= NF; i++) name = name " " $i; printf "  %8s %8s  %s %s\n", $3, $4, $5, name}'
  echo "threads by name ($(threads)):"
  jcmd "$pid" Thread.print | sed -n 's/^"\([^"]*\)".*/\1/p' | sed -e 's/[0-9][0-9]*/N/g' | sort | uniq -c | sort -rn |
    awk '{c = $1; $1 = ""; printf "  %3d %s\n", c, substr($0, 2)}'
  stop
fi
