#!/usr/bin/env bash
# The self-hosted stack for real on this machine, and a box syncing with it (issue 18):
#
#   infra/cloud/test/live-stack.sh        (as root, after `mvn -B install -DskipTests`; run by .ci/run)
#
# Runs infra/cloud/stack.sh as an operator would (real apt-get, user, PostgreSQL role and database, certificates,
# Mosquitto with TLS and the ACL, s3proxy downloaded from Maven Central, the cloud app, the relay, nginx), then
# provisions a box with provision-box.sh and starts it with the launcher (infra/pi/omb-box) against
# ssl://omb.test:8883 with the printed settings, and checks, through nginx on https://omb.test/:
#   - the relay's health; a second stack.sh run changes nothing;
#   - a phone pairs through the relay and creates a playlist on the box; one made at home reaches the relay;
#   - a song added at home goes to the bucket through https://omb.test:9443 (the box's media link);
#   - Socket.IO through nginx: the stock socket.io-client, polling then upgraded to a WebSocket, starts that
#     song through the relay and hears the box play it;
#   - with the box killed, the relay answers from the cloud's copy, which holds everything made on the box;
#   - an edit made away while the box is off reaches it once it is back.
#
# Only what cannot run here is replaced: systemd is not PID 1, so test/systemctl starts the units from their own
# files. The whole run is in a private mount namespace over copies of /etc/mosquitto, /etc/nginx, the stack's
# directories and /etc/hosts (omb.test -> 127.0.0.1), so the machine's own broker and configuration are untouched;
# PostgreSQL is the machine's own server: the role and database omb are made by the stack and dropped at the end
# (the run refuses to start where a database omb exists).
set -euo pipefail
export LC_ALL=C
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
HOST=omb.test
DEVICE=box-live-01
PARENT_CODE=live-parent-code
BOX_HTTP=18000
BOX_SOCKETIO=18001
DEADLINE=${OMB_LIVE_DEADLINE:-120}

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { printf '%s %s\n' "$(date +%T)" "$*"; }

if [[ "${1:-}" != --inside ]]; then
    [[ $EUID -eq 0 ]] || fail "run as root: the stack installs packages, a user and services"
    for jar in cloud-functions/target/cloud-functions.jar edge-agent/target/edge-agent.jar; do
        [[ -s "$repo/$jar" ]] || fail "no $jar: build with 'mvn -B install -DskipTests' first"
    done
    # The stock socket.io-client of the protocol suite (mvn verify installs it; a build without tests does not).
    [[ -d "$repo/edge-agent/src/test/node/node_modules/socket.io-client" ]] \
        || (cd "$repo/edge-agent/src/test/node" && npm ci --no-audit --no-fund -q)
    for port in 80 443 9443 8883 1884 9000 8080 8090 $BOX_HTTP $BOX_SOCKETIO; do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then fail "port $port is in use: the stack needs it"; fi
    done
    if [[ "$(runuser -u postgres -- psql -qtAX -c "SELECT 1 FROM pg_database WHERE datname = 'omb'")" == 1 ]]; then
        fail "this machine's PostgreSQL already has a database omb: this test makes its own and drops it"
    fi
    # Packages go in before the namespace, so dpkg's record and the files they install stay together.
    read -ra packages <<<"$(bash "$repo/infra/cloud/stack.sh" --packages)"
    missing=()
    for package in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
    done
    if [[ ${#missing[@]} -gt 0 ]]; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
    fi
    exec unshare --mount --propagation private "$here/live-stack.sh" --inside
fi

work="$(mktemp -d)"
export OMB_UNITS_STATE="$work/units"
box_pid=""
made_dirs=()
cleanup() {
    local code=$?
    set +e
    [[ -n "$box_pid" ]] && { kill -9 "$box_pid" 2>/dev/null; wait "$box_pid" 2>/dev/null; }
    for unit in omb-relay omb-cloud omb-s3 mosquitto nginx; do PATH="$here:$PATH" systemctl stop "$unit" 2>/dev/null; done
    if [[ $code -ne 0 ]]; then
        for log in "$OMB_UNITS_STATE"/*.log "$work/box.log"; do
            [[ -f "$log" ]] && { echo "--- $(basename "$log") (last 40 lines)"; tail -n 40 "$log"; }
        done
    fi
    runuser -u postgres -- dropdb --if-exists omb
    runuser -u postgres -- psql -qX -c 'DROP ROLE IF EXISTS omb' >/dev/null
    for dir in "${made_dirs[@]}"; do umount "$dir" 2>/dev/null; rmdir "$dir" 2>/dev/null; done
    rm -rf "$work"
    exit "$code"
}
trap cleanup EXIT

# A private copy over each directory the stack writes (an empty one where the machine has none).
private() {
    local dir="$1" copy="$work/private$1"
    mkdir -p "$copy"
    if [[ -d "$dir" ]]; then
        cp -a "$dir/." "$copy/"
    else
        mkdir -p "$dir"
        made_dirs+=("$dir")
    fi
    mount --bind "$copy" "$dir"
}
for dir in /etc/omb /opt/omb /var/lib/omb /usr/local/lib/omb /etc/mosquitto /var/lib/mosquitto /etc/nginx \
    /etc/systemd/system /var/log/nginx; do
    private "$dir"
done
cp /etc/hosts "$work/hosts"
echo "127.0.0.1 $HOST" >>"$work/hosts"
mount --bind "$work/hosts" /etc/hosts

stack() { PATH="$here:$PATH" bash "$repo/infra/cloud/stack.sh" "$@"; }
# Waits until the command succeeds, at most $DEADLINE seconds; says what it waited for when it does not.
wait_for() {
    local what="$1" start=$SECONDS
    shift
    until "$@" >/dev/null 2>&1; do
        (( SECONDS - start < DEADLINE )) || fail "waited ${DEADLINE}s for $what"
        sleep 0.5
    done
    step "ok: $what ($((SECONDS - start)) s)"
}

step "stack.sh, first run"
stack --jar "$repo/cloud-functions/target/cloud-functions.jar" --host "$HOST" >"$work/first.log" 2>&1 \
    || { cat "$work/first.log"; fail "stack.sh failed"; }
grep '^changed:' "$work/first.log" | sed 's/^/  /'
ca=/etc/mosquitto/omb/tls/ca.crt
https() { curl -sS --cacert "$ca" --max-time 10 "$@"; }
wait_for "the relay's health through nginx (https://$HOST/relay/health)" \
    bash -c "curl -fsS --cacert $ca https://$HOST/relay/health | jq -e .broker_connected"
wait_for "the cloud app to listen on 127.0.0.1:8080" bash -c 'exec 3<>/dev/tcp/127.0.0.1/8080'

step "stack.sh, second run"
stack --host "$HOST" >"$work/second.log" 2>&1 || { cat "$work/second.log"; fail "the second stack.sh run failed"; }
grep -qx 'Nothing changed.' "$work/second.log" || fail "the second run changed: $(grep changed: "$work/second.log")"
step "ok: the second run changed nothing"

step "provision-box.sh $DEVICE"
settings="$(PATH="$here:$PATH" /usr/local/lib/omb/provision-box.sh "$DEVICE")" || fail "provision-box.sh: $settings"
setting() { sed -n "s/^$1=//p" <<<"$settings"; }
url="$(setting omb.cloud.url)"
[[ "$url" == "ssl://$HOST:8883" ]] || fail "provision-box.sh printed url '$url'"
mkdir -p "$work/box/data"
cp "$ca" "$work/box/broker-ca.crt"

step "the box, with the launcher"
# The settings provision-box.sh printed, as the agent's environment (design.md, launch contract).
start_box() {
    OMB_DATA_DIR="$work/box/data" OMB_HTTP_PORT=$BOX_HTTP OMB_SOCKETIO_PORT=$BOX_SOCKETIO OMB_BIND=127.0.0.1 \
        OMB_AUTH_TOKEN=$PARENT_CODE OMB_CLOUD_URL="$url" OMB_CLOUD_DEVICE_ID="$(setting omb.cloud.device-id)" \
        OMB_CLOUD_USERNAME="$(setting omb.cloud.username)" OMB_CLOUD_PASSWORD="$(setting omb.cloud.password)" \
        OMB_CLOUD_CA_FILE="$work/box/broker-ca.crt" "$repo/infra/pi/omb-box" >>"$work/box.log" 2>&1 &
    box_pid=$!
    wait_for "the box's health" curl -fsS "$home/api/health"
    wait_for "the box to connect to the broker over TLS" \
        bash -c "curl -fsS -H 'Authorization: Bearer $PARENT_CODE' $home/api/health | jq -e '.data.components.cloud == \"connected\"'"
}
home="http://127.0.0.1:$BOX_HTTP"
start_box

# The parent at home, then a phone paired through the relay.
json() { jq -n "$@"; }
session="$(curl -fsS -H 'Content-Type: application/json' -d "$(json --arg c $PARENT_CODE '{parent_code: $c}')" \
    "$home/api/access/login" | jq -r .data.token)"
at_home() { curl -fsS -H "Authorization: Bearer $session" -H 'Content-Type: application/json' "$@"; }
at_home -X PUT -d '{"enabled": true}' "$home/api/remote" >/dev/null
code="$(at_home -X POST -d '{}' "$home/api/remote/pairing" | jq -r .data.code)"
away_base="https://$HOST/boxes/$DEVICE"
pair() {
    https -f -H 'Content-Type: application/json' -d "$(json --arg c "$code" '{code: $c, phone_name: "Phone at work"}')" \
        "$away_base/api/remote/pair" >"$work/paired.json"
}
wait_for "a phone to pair through the relay" pair
credential="$(jq -r .data.credential "$work/paired.json")"
away() { https -f -H "Authorization: Bearer $credential" -H 'Content-Type: application/json' "$@"; }
wait_for "the relay to let the new phone in" away "$away_base/api/remote"

made_away="$(away -d '{"title": "Made away", "description": ""}' "$away_base/api/playlists" | jq -r .data.id)"
[[ -n "$made_away" && "$made_away" != null ]] || fail "no playlist id from the relay"
at_home "$home/api/playlists" | grep -q '"Made away"' || fail "the playlist made away is not on the box"
step "ok: a playlist made through the relay is on the box"
made_home="$(at_home -d '{"title": "Made at home", "description": ""}' "$home/api/playlists" | jq -r .data.id)"
wait_for "the playlist made at home to show through the relay" \
    bash -c "curl -fsS --cacert $ca -H 'Authorization: Bearer $credential' $away_base/api/playlists | grep -q '\"Made at home\"'"

step "a song added at home"
ffmpeg -loglevel error -f lavfi -i "sine=frequency=440:duration=4" -ac 1 -ar 22050 "$work/song.wav"
uploads="$home/api/playlists/$made_home/uploads"
upload_session="$(at_home -d "$(json --argjson n "$(stat -c %s "$work/song.wav")" '{filename: "song.wav", file_size: $n}')" \
    "$uploads/session" | jq -r .data.session_id)"
curl -fsS -H "Authorization: Bearer $session" -X PUT -F "file=@$work/song.wav" "$uploads/$upload_session/chunks/0" >/dev/null
track="$(at_home -d '{"metadata_override": {"title": "Grandma sings"}}' "$uploads/$upload_session/finalize" \
    | jq -r .data.track.id)"

step "Socket.IO through nginx: the stock client"
NODE_EXTRA_CA_CERTS="$ca" OMB_NODE_MODULES="$repo/edge-agent/src/test/node/node_modules" \
    node "$repo/e2e/src/test/node/remote-client.mjs" "https://$HOST" "$DEVICE" "$credential" "$made_home" \
    >"$work/client.json" || fail "the socket.io client through nginx: $(cat "$work/client.json")"
jq -e '.connected and .upgraded and .playing' "$work/client.json" >/dev/null \
    || fail "the socket.io client through nginx saw: $(cat "$work/client.json")"
step "ok: polling, then a WebSocket through nginx; the box played: $(cat "$work/client.json")"

sha="$(sha256sum "$work/song.wav" | cut -d' ' -f1)"
wait_for "the song to reach the bucket through https://$HOST:9443" \
    bash -c "find /var/lib/omb/s3/omb-media -type f -exec sha256sum {} + | grep -q $sha"

step "the box off: the cloud's copy"
kill -9 "$box_pid"
wait "$box_pid" 2>/dev/null || true
box_pid=""
wait_for "the relay to know the box is off" \
    bash -c "[[ \$(curl -s -o /dev/null -w '%{http_code}' --cacert $ca -H 'Authorization: Bearer $credential' $away_base/api/player/status) == 503 ]]"
offline="$(away "$away_base/api/playlists")"
for title in "Made away" "Made at home"; do
    grep -q "\"$title\"" <<<"$offline" || fail "the cloud's copy lacks '$title': $offline"
done
away "$away_base/api/playlists/$made_home" | grep -q "Grandma sings" || fail "the cloud's copy lacks the song"
away -X PUT -d '{"title": "Renamed away"}' "$away_base/api/playlists/$made_away" | jq -e .pending >/dev/null \
    || fail "a rename while the box is off was not kept as pending"
step "ok: the cloud's copy holds the box's library; a rename is pending"

step "the box back"
start_box
wait_for "the rename made away to reach the box" \
    bash -c "curl -fsS -H 'Authorization: Bearer $PARENT_CODE' $home/api/playlists | grep -q '\"Renamed away\"'"
[[ -n "$track" && "$track" != null ]] || fail "the upload gave no track id"

echo "infra/cloud/test/live-stack.sh: ok"
