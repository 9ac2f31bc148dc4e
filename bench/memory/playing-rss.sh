#!/usr/bin/env bash
# The agent's resident memory idle and while playing with N Socket.IO clients in room playlists
# (design budget: <= 110 MB, idle and while playing with 10 clients), with the small-footprint JVM flags.
# It makes a 5-minute MP3 with ffmpeg, puts it in a fresh library, plays it and samples VmRSS every second.
# Usage: bench/memory/playing-rss.sh [clients=10] [seconds=60]   (needs ffmpeg, sqlite3, node; build first)
set -euo pipefail
cd "$(dirname "$0")/../.."
clients=${1:-10}
seconds=${2:-60}
jar=edge-agent/target/edge-agent.jar
opts=${OMB_JAVA_OPTS:-"-Xms8m -Xmx64m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:MaxMetaspaceSize=96m -XX:ReservedCodeCacheSize=32m -XX:MaxDirectMemorySize=32m -XX:-UsePerfData -Dio.netty.allocator.type=unpooled"}
port=${OMB_BENCH_PORT:-18800}
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT

start_agent() {
  # shellcheck disable=SC2086
  OMB_DATA_DIR="$dir" OMB_HTTP_PORT=$port OMB_SOCKETIO_PORT=$((port + 1)) OMB_BIND=127.0.0.1 \
    OMB_AUDIO_OUTPUT=silent OMB_AUTH_MODE=off java $opts -jar "$jar" >>"$dir/agent.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 200); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/api/health" && return 0
    sleep 0.05
  done
  echo "agent did not start" >&2; cat "$dir/agent.log" >&2; exit 1
}
rss() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$pid/status"; }

start_agent   # creates the library
kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
mkdir -p "$dir/media"
ffmpeg -loglevel error -f lavfi -i sine=frequency=440:duration=300 -ac 2 -ar 44100 -b:a 128k "$dir/media/tone.mp3"
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
sqlite3 "$dir/library.db" "INSERT INTO playlists (id, title, description, position, created_at, updated_at)
  VALUES ('bench', 'Bench', '', 1, '$now', '$now');
  INSERT INTO tracks (id, playlist_id, track_number, title, filename, file_path, duration_ms, created_at, updated_at)
  VALUES ('t1', 'bench', 1, 'Tone', 'tone.mp3', '$dir/media/tone.mp3', 300000, '$now', '$now');"
start_agent
sleep 2
idle=$(rss)
node bench/memory/clients.mjs "http://127.0.0.1:$((port + 1))" "$clients" "$seconds" "http://127.0.0.1:$port" "$pid"
echo "RSS idle after start: ${idle} MiB"
