#!/usr/bin/env bash
# Gives a box its own broker login: add-device.sh <device-id>
#
# The user name is the device id, because the ACL (acl, next to this script) grants a user the topics
# omb/v1/devices/<user name>/... and the device listener makes the client id the user name. Running it again
# for the same id replaces the password. Prints the settings to put on the box.
#
# OMB_DEVICES_PASSWD: the device password file (default /etc/mosquitto/omb/devices.passwd, the one
# mosquitto.conf names on the device listener).
set -euo pipefail
export LC_ALL=C

passwd_file="${OMB_DEVICES_PASSWD:-/etc/mosquitto/omb/devices.passwd}"

if [[ $# -ne 1 ]]; then
    echo "usage: $0 <device-id>" >&2
    exit 2
fi
device_id="$1"

# The project's device-id rule (Topics.isDeviceId): anything else could not appear in a topic, and a '/',
# '+' or '#' in a user name would change what the ACL patterns mean.
if [[ ! "$device_id" =~ ^[A-Za-z0-9_-]{1,64}$ ]]; then
    echo "error: device id must be 1-64 characters of [A-Za-z0-9_-], was '$device_id'" >&2
    exit 2
fi
# Client ids are one namespace across both listeners: a box called like a cloud instance's client id
# (omb-cloud-<random> by default) would throw that instance off and take its session.
if [[ "$device_id" == omb-cloud* ]]; then
    echo "error: device ids starting with 'omb-cloud' are kept for the cloud, was '$device_id'" >&2
    exit 2
fi

command -v mosquitto_passwd >/dev/null || { echo "error: mosquitto_passwd not found (apt install mosquitto)" >&2; exit 1; }

# 24 random bytes; base64url so the password needs no quoting in a properties file or a shell.
password="$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"

if [[ -e "$passwd_file" ]]; then
    mosquitto_passwd -b "$passwd_file" "$device_id" "$password"
else
    mkdir -p "$(dirname "$passwd_file")"
    (umask 077 && mosquitto_passwd -c -b "$passwd_file" "$device_id" "$password")
fi
# Mosquitto reads the file after dropping to its own user.
if [[ $EUID -eq 0 ]] && getent group mosquitto >/dev/null; then
    chgrp mosquitto "$passwd_file"
    chmod 640 "$passwd_file"
fi

cat <<SETTINGS
# Box settings for $device_id (the password is shown only now):
omb.cloud.device-id=$device_id
omb.cloud.username=$device_id
omb.cloud.password=$password
SETTINGS
echo "Reload the broker so it reads $passwd_file: systemctl reload mosquitto (or kill -HUP its pid)." >&2
