#!/usr/bin/env bash
# Signs a box's certificate request with the stack's CA: sign-box.sh <device-id> <request.csr> <certificate.crt>
#
# The certificate route of docs/provisioning.md: the box made its key and the request itself (the key never leaves
# it); this writes the certificate to give back to the box and prints the settings to put on it. The request's
# common name must be the device id: the broker's certificate listener takes it as the user name, which the ACL
# grants omb/v1/devices/<id>/... (use_identity_as_username). Signing again for the same box gives a new certificate;
# the old one stays valid until it expires.
#
# Environment: OMB_BOX_CA_DIR, the CA's folder with ca.crt and ca.key (default /etc/mosquitto/omb/tls, made by
# stack.sh through broker-certs.sh); OMB_BOX_CERT_DAYS (default 825); OMB_BROKER_ENV (default /etc/omb/broker.env)
# and OMB_BROKER_HOST for the host name printed; OMB_BROKER_CERT_PORT, the certificate listener's port (8884).
set -euo pipefail
export LC_ALL=C

if [[ $# -ne 3 ]]; then
    echo "usage: $0 <device-id> <request.csr> <certificate.crt>" >&2
    exit 2
fi
device_id="$1"
csr="$2"
out="$3"
ca_dir="${OMB_BOX_CA_DIR:-/etc/mosquitto/omb/tls}"
days="${OMB_BOX_CERT_DAYS:-825}"
port="${OMB_BROKER_CERT_PORT:-8884}"

# The same rule as add-device.sh (Topics.isDeviceId), and the cloud's prefix kept for the cloud.
if [[ ! "$device_id" =~ ^[A-Za-z0-9_-]{1,64}$ ]]; then
    echo "error: device id must be 1-64 characters of [A-Za-z0-9_-], was '$device_id'" >&2
    exit 2
fi
if [[ "$device_id" == omb-cloud* || "$device_id" == omb-relay* ]]; then
    echo "error: device ids starting with 'omb-cloud' or 'omb-relay' are kept for the cloud, was '$device_id'" >&2
    exit 2
fi
if [[ ! "$days" =~ ^[1-9][0-9]{0,4}$ ]]; then
    echo "error: OMB_BOX_CERT_DAYS must be a number of days, was '$days'" >&2
    exit 2
fi
command -v openssl >/dev/null || { echo "error: openssl not found (apt-get install openssl)" >&2; exit 1; }
if [[ ! -r "$ca_dir/ca.crt" || ! -r "$ca_dir/ca.key" ]]; then
    echo "error: no CA to sign with in $ca_dir (ca.crt and ca.key): stack.sh makes one unless it was given --cert;" \
        "make one with infra/cloud/broker-certs.sh <dir> <broker host> and set OMB_BOX_CA_DIR=<dir>" >&2
    exit 1
fi
if [[ ! -r "$csr" ]]; then
    echo "error: cannot read the request $csr" >&2
    exit 2
fi
# The request's own signature proves the box holds the key it names.
if ! openssl req -in "$csr" -noout -verify >/dev/null 2>&1; then
    echo "error: $csr is not a certificate request with a valid signature (openssl req -new -key device.key ...)" >&2
    exit 2
fi
subject="$(openssl req -in "$csr" -noout -subject -nameopt RFC2253 | sed 's/^subject=//')"
if [[ "$subject" != "CN=$device_id" ]]; then
    echo "error: the request is for '$subject', not CN=$device_id: make it with -subj \"/CN=$device_id\"" >&2
    exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n' \
    >"$work/ext"
# A random serial: no serial file to keep next to the CA, and no two certificates with the same number.
openssl x509 -req -sha256 -days "$days" -in "$csr" -CA "$ca_dir/ca.crt" -CAkey "$ca_dir/ca.key" \
    -set_serial "0x$(openssl rand -hex 16)" -extfile "$work/ext" -out "$work/box.crt" 2>"$work/err" \
    || { cat "$work/err" >&2; echo "error: openssl could not sign $csr" >&2; exit 1; }
openssl verify -CAfile "$ca_dir/ca.crt" "$work/box.crt" >/dev/null
chmod 644 "$work/box.crt"
mv "$work/box.crt" "$out"
echo "Signed $out for $device_id, valid $days days, by $ca_dir/ca.crt" >&2

host="${OMB_BROKER_HOST:-}"
env_file="${OMB_BROKER_ENV:-/etc/omb/broker.env}"
if [[ -z "$host" && -r "$env_file" ]]; then
    host="$(sed -n 's/^OMB_BROKER_HOST=//p' "$env_file")"
fi
echo "# Open Music Box: settings for box $device_id (certificate login)"
echo "omb.cloud.url=ssl://${host:-<broker host>}:$port"
echo "omb.cloud.device-id=$device_id"
echo "# Copy $out to the box, next to the key it made, and $ca_dir/ca.crt as /etc/omb/broker-ca.crt:"
echo "omb.cloud.cert-file=/etc/omb/box.crt"
echo "omb.cloud.key-file=/etc/omb/box.key"
echo "omb.cloud.ca-file=/etc/omb/broker-ca.crt"
