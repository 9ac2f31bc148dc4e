#!/usr/bin/env bash
# The edge agent's idle resident memory as the box runs it: started by the launcher (infra/pi/omb-box) with
# the flags of infra/pi/jvm-flags and an AppCDS archive built the way install.sh builds it. For each of N fresh
# starts it prints the time to the first /api/health 200, VmRSS/RssAnon/RssFile right after that and again
# after the idle wait, and the thread count; then the medians. A last start with Native Memory Tracking
# breaks the memory down: NMT's committed figure per category, the largest mappings (pmap -x), the threads
# by name and the classes loaded. NMT costs memory of its own, so that start is not one of the N.
#
# Usage: bench/memory/idle.sh [--runs N] [--idle S] [--cloud] [--no-archive] [--no-breakdown] [--quick]
#   --runs N        fresh starts measured (default 3)
#   --idle S        seconds idle before the second reading (default 30)
#   --cloud         with the cloud link up, waited for before the first reading: MQTT to OMB_BENCH_BROKER
#                   (default tcp://127.0.0.1:1883; for ssl:// OMB_BENCH_BROKER_CA names the broker's CA PEM)
#   --no-archive    no AppCDS archive (OMB_CDS_ARCHIVE empty)
#   --no-breakdown  skip the NMT start
#   --quick         CI smoke size: 1 start, 2 s idle, the breakdown; fails only when the agent does not start
# Env: OMB_JAVA_OPTS replaces the flags of jvm-flags; OMB_BENCH_EXTRA adds flags to them (an experiment);
#      OMB_AGENT_JAR the jar (default edge-agent/target/edge-agent.jar; a private copy is run);
#      OMB_BENCH_PORT the HTTP port (default 18870; Socket.IO on the next). Needs curl, pmap and jcmd.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
# shellcheck source=bench/memory/box.sh
. bench/memory/box.sh

runs=3
idle=30
archive=1
breakdown=1
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --idle) idle=$2; shift 2 ;;
    --cloud) box_with_cloud; shift ;;
    --no-archive) archive=0; shift ;;
    --no-breakdown) breakdown=0; shift ;;
    --quick) runs=1; idle=2; shift ;;
    -h | --help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "idle.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

trap box_cleanup EXIT
box_prepare "${OMB_BENCH_PORT:-18870}" "$archive"
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

echo "idle memory: $runs start(s), ${idle} s idle, archive: $([ "$archive" = 1 ] && echo yes || echo no)," \
  "cloud link: $([ "$box_cloud" = 1 ] && echo up || echo none)"
echo "flags: $box_flags${MALLOC_ARENA_MAX:+ (MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX)}"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
after="$box_work/after"
: >"$after"
for i in $(seq 1 "$runs"); do
  data=$(mktemp -d "$box_work/data.XXXXXX")
  box_start "$data" "$box_flags"
  read -r s_rss s_anon s_file <<<"$(box_rss)"
  sleep "$idle"
  read -r i_rss i_anon i_file <<<"$(box_rss)"
  echo "run $i: health 200 in ${box_start_ms} ms; RSS at start $s_rss MiB (anon $s_anon, file $s_file);" \
    "after ${idle} s $i_rss MiB (anon $i_anon, file $i_file); $(box_threads) threads"
  echo "$i_rss $i_anon $i_file $box_start_ms" >>"$after"
  box_stop
done
echo "median after ${idle} s idle: RSS $(cut -d' ' -f1 "$after" | median) MiB" \
  "(anon $(cut -d' ' -f2 "$after" | median), file $(cut -d' ' -f3 "$after" | median));" \
  "health 200 in $(cut -d' ' -f4 "$after" | median) ms"

if [ "$breakdown" = 1 ]; then
  data=$(mktemp -d "$box_work/data.XXXXXX")
  box_start "$data" "$box_flags -XX:NativeMemoryTracking=summary"
  sleep "$idle"
  echo
  echo "breakdown (a start with -XX:NativeMemoryTracking=summary, ${idle} s idle; RSS $(box_rss | cut -d' ' -f1) MiB;" \
    "the Attach Listener thread is jcmd's own):"
  box_breakdown
  box_stop
fi
