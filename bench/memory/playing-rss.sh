#!/usr/bin/env bash
# The agent's resident memory idle and while playing with N Socket.IO clients in room playlists (design budget:
# <= 110 MB, idle and while playing with 10 clients; issue 19: <= 100 MiB with the cloud link up), started as the
# box starts it: the launcher, the flags of infra/pi/jvm-flags and an AppCDS archive (bench/memory/box.sh).
# It makes a 5-minute MP3 with ffmpeg, puts it in a fresh library, plays it and samples VmRSS every second.
#
# Usage: bench/memory/playing-rss.sh [--cloud] [--no-archive] [clients=10] [seconds=60]
#   --cloud       the cloud link up: MQTT to OMB_BENCH_BROKER (default tcp://127.0.0.1:1883, e.g. the machine's
#                 Mosquitto; for ssl:// OMB_BENCH_BROKER_CA names the broker's CA PEM; no cloud app needs to
#                 answer), checked in /api/health before the clients come
#   --no-archive  no AppCDS archive
# Env: as bench/memory/idle.sh (OMB_JAVA_OPTS, OMB_BENCH_EXTRA, OMB_AGENT_JAR, OMB_BENCH_PORT, default 18800).
# Needs ffmpeg, sqlite3, node and bench/fanout's socket.io-client (cd bench/fanout && npm ci).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
# shellcheck source=bench/memory/box.sh
. bench/memory/box.sh

cloud=0
archive=1
while [ $# -gt 0 ]; do
  case $1 in
    --cloud) cloud=1; shift ;;
    --no-archive) archive=0; shift ;;
    -h | --help) sed -n '2,13p' "$0"; exit 0 ;;
    -*) echo "playing-rss.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) break ;;
  esac
done
clients=${1:-10}
seconds=${2:-60}
for tool in ffmpeg sqlite3 node; do
  command -v "$tool" >/dev/null || { echo "playing-rss.sh: needs $tool" >&2; exit 2; }
done
[ -d bench/fanout/node_modules/socket.io-client ] ||
  { echo "playing-rss.sh: run 'npm ci' in bench/fanout first (socket.io-client)" >&2; exit 2; }

trap box_cleanup EXIT
port=${OMB_BENCH_PORT:-18800}
box_prepare "$port" "$archive"
dir=$(mktemp -d "$box_work/data.XXXXXX")
box_env+=(OMB_AUDIO_OUTPUT=silent OMB_AUTH_MODE=off)
if [ "$cloud" = 1 ]; then box_with_cloud; fi

box_start "$dir" "$box_flags" # creates the library
box_stop
mkdir -p "$dir/media"
ffmpeg -loglevel error -f lavfi -i sine=frequency=440:duration=300 -ac 2 -ar 44100 -b:a 128k "$dir/media/tone.mp3"
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
sqlite3 "$dir/library.db" "INSERT INTO playlists (id, title, description, position, created_at, updated_at)
  VALUES ('bench', 'Bench', '', 1, '$now', '$now');
  INSERT INTO tracks (id, playlist_id, track_number, title, filename, file_path, duration_ms, created_at, updated_at)
  VALUES ('t1', 'bench', 1, 'Tone', 'tone.mp3', '$dir/media/tone.mp3', 300000, '$now', '$now');"
box_start "$dir" "$box_flags"
sleep 3
read -r idle idle_anon idle_file <<<"$(box_rss)"
echo "flags: $box_flags; archive: $([ "$archive" = 1 ] && echo yes || echo no); cloud link: $([ "$cloud" = 1 ] && echo up || echo none)"
node bench/memory/clients.mjs "http://127.0.0.1:$((port + 1))" "$clients" "$seconds" "http://127.0.0.1:$port" "$box_pid"
echo "RSS idle 3 s after start: ${idle} MiB (anon $idle_anon, file $idle_file); after playing: $(box_rss | cut -d' ' -f1) MiB," \
  "$(box_threads) threads"
box_stop
