#!/usr/bin/env bash
# Gives a box its broker login and prints the settings to put on it: provision-box.sh <device-id>
#
# Run on the broker host (as root) after infra/cloud/stack.sh, which wrote /etc/omb/broker.env (the host name the
# boxes use, and the CA file when the broker's certificate comes from the stack's own CA). Makes the per-device
# password with add-device.sh (running it again for the same id gives a new password), reloads Mosquitto, and
# prints omb.cloud.url, the device id, user name and password, and the CA file to copy to the box.
#
# Environment: OMB_BROKER_ENV (default /etc/omb/broker.env); OMB_BROKER_HOST, OMB_BROKER_PORT, OMB_BROKER_CA
# override it; OMB_DEVICES_PASSWD is passed to add-device.sh.
set -euo pipefail
export LC_ALL=C

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ $# -ne 1 ]]; then
    echo "usage: $0 <device-id>" >&2
    exit 2
fi

host="${OMB_BROKER_HOST:-}"
port="${OMB_BROKER_PORT:-}"
ca="${OMB_BROKER_CA-}"
env_file="${OMB_BROKER_ENV:-/etc/omb/broker.env}"
if [[ -r "$env_file" ]]; then
    [[ -n "$host" ]] || host="$(sed -n 's/^OMB_BROKER_HOST=//p' "$env_file")"
    [[ -n "$port" ]] || port="$(sed -n 's/^OMB_BROKER_PORT=//p' "$env_file")"
    [[ -n "${OMB_BROKER_CA+set}" ]] || ca="$(sed -n 's/^OMB_BROKER_CA=//p' "$env_file")"
fi
port="${port:-8883}"
if [[ -z "$host" ]]; then
    echo "error: no broker host: run infra/cloud/stack.sh first, or set OMB_BROKER_HOST" >&2
    exit 1
fi
if [[ -n "$ca" && ! -r "$ca" ]]; then
    echo "error: the CA file $ca cannot be read" >&2
    exit 1
fi

# Installed next to this script by stack.sh; in the repository it is in infra/mosquitto/.
add_device="$here/add-device.sh"
[[ -x "$add_device" ]] || add_device="$here/../mosquitto/add-device.sh"
# Its own hint to reload the broker is dropped: this script reloads it. Its errors are shown.
errors="$(mktemp)"
trap 'rm -f "$errors"' EXIT
if ! settings="$(bash "$add_device" "$1" 2>"$errors")"; then
    grep -v '^Reload the broker' "$errors" >&2
    exit 2
fi

if command -v systemctl >/dev/null && systemctl is-active --quiet mosquitto; then
    systemctl reload mosquitto
else
    echo "Mosquitto is not running under systemd here: reload it yourself (kill -HUP its pid)." >&2
fi

echo "# Open Music Box: settings for box $1 (the password is shown only now)"
echo "omb.cloud.url=ssl://$host:$port"
grep '^omb\.cloud\.' <<<"$settings"
if [[ -n "$ca" ]]; then
    echo "# Copy $ca to the box (for example as /etc/omb/broker-ca.crt) and name it here:"
    echo "omb.cloud.ca-file=/etc/omb/broker-ca.crt"
fi
