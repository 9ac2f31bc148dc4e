#!/usr/bin/env bash
# A self-made CA and the broker's TLS certificate, for a trial or a small self-hosted cloud:
#   broker-certs.sh <dir> <host name or IP address>...
#
# Writes <dir>/ca.key and <dir>/ca.crt (kept when present, so boxes already given ca.crt keep trusting the
# broker) and <dir>/server.key and <dir>/server.crt, signed by that CA, naming every host and address given
# (the boxes check the name in omb.cloud.url against them). An existing server certificate that names the
# same hosts is kept, so running it again changes nothing. The boxes get ca.crt (omb.cloud.ca-file).
# A certificate from a public CA needs none of this: put its chain and key where mosquitto.conf says.
set -euo pipefail
export LC_ALL=C

if [[ $# -lt 2 ]]; then
    echo "usage: $0 <dir> <host name or IP address>..." >&2
    exit 2
fi
dir="$1"
shift
command -v openssl >/dev/null || { echo "error: openssl not found (apt-get install openssl)" >&2; exit 1; }

names=()
for host in "$@"; do
    if [[ "$host" =~ ^[0-9]{1,3}(\.[0-9]{1,3}){3}$ || "$host" == *:* ]]; then
        names+=("IP:$host")
    elif [[ "$host" =~ ^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$ ]]; then
        names+=("DNS:$host")
    else
        echo "error: not a host name or IP address: '$host'" >&2
        exit 2
    fi
done
san="$(IFS=,; echo "${names[*]}")"

mkdir -p "$dir"
umask 077
if [[ ! -s "$dir/ca.key" || ! -s "$dir/ca.crt" ]]; then
    openssl req -x509 -newkey rsa:3072 -nodes -sha256 -days 3650 \
        -keyout "$dir/ca.key" -out "$dir/ca.crt" -subj "/CN=Open Music Box broker CA" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    chmod 644 "$dir/ca.crt"
    rm -f "$dir/server.crt"
fi

# The names the current certificate carries, in the order given, as openssl prints them.
current_san() {
    openssl x509 -in "$dir/server.crt" -noout -ext subjectAltName 2>/dev/null \
        | sed -n '2p' | tr -d ' ' | sed 's/IPAddress:/IP:/g'
}
if [[ -s "$dir/server.crt" && -s "$dir/server.key" ]] \
    && [[ "$(current_san)" == "$san" ]] \
    && openssl verify -CAfile "$dir/ca.crt" "$dir/server.crt" >/dev/null 2>&1; then
    exit 0
fi

openssl req -newkey rsa:3072 -nodes -sha256 -keyout "$dir/server.key" -out "$dir/server.csr" \
    -subj "/CN=$1" 2>/dev/null
extensions="$dir/server.ext"
printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' "$san" >"$extensions"
openssl x509 -req -sha256 -days 825 -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" \
    -CAcreateserial -out "$dir/server.crt" -extfile "$extensions" 2>/dev/null
chmod 644 "$dir/server.crt"
rm -f "$dir/server.csr" "$extensions"
echo "Made $dir/server.crt for $san, signed by $dir/ca.crt" >&2
