#!/usr/bin/env bash
# Checks sign-box.sh: a box's request made as docs/provisioning.md says (an EC key in SEC1, a request with the device
# id as common name) is signed by a CA from broker-certs.sh into a client certificate that a Mosquitto with the
# documented certificate listener lets in, and one from another CA does not; bad input is refused and writes nothing.
# Usage: infra/cloud/test-sign-box.sh   (needs openssl; mosquitto and mosquitto_pub for the broker part)
set -euo pipefail
export LC_ALL=C
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
broker_pid=""
cleanup() {
    [[ -n "$broker_pid" ]] && kill "$broker_pid" 2>/dev/null && wait "$broker_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

bash "$here/broker-certs.sh" "$work/ca" omb.test 127.0.0.1 2>/dev/null
bash "$here/broker-certs.sh" "$work/other-ca" omb.test 127.0.0.1 2>/dev/null
printf 'OMB_BROKER_HOST=omb.test\nOMB_BROKER_PORT=8883\n' >"$work/broker.env"

# "On the box": the key never leaves it, only the request does.
box() {
    mkdir -p "$work/$1"
    openssl ecparam -name prime256v1 -genkey -noout -out "$work/$1/box.key"
    openssl req -new -key "$work/$1/box.key" -subj "/CN=$2" -out "$work/$1/box.csr"
}
sign() { OMB_BOX_CA_DIR="${CA_DIR:-$work/ca}" OMB_BROKER_ENV="$work/broker.env" bash "$here/sign-box.sh" "$@"; }

box kitchen box-kitchen-01
grep -q 'BEGIN EC PRIVATE KEY' "$work/kitchen/box.key" || fail "the box's key is not SEC1"
out="$(sign box-kitchen-01 "$work/kitchen/box.csr" "$work/kitchen/box.crt" 2>"$work/err")" \
    || fail "sign-box.sh failed: $(cat "$work/err")"
crt="$work/kitchen/box.crt"
openssl verify -CAfile "$work/ca/ca.crt" "$crt" >/dev/null || fail "the certificate is not signed by the CA"
openssl verify -CAfile "$work/other-ca/ca.crt" "$crt" >/dev/null 2>&1 && fail "another CA accepts the certificate"
[[ "$(openssl x509 -in "$crt" -noout -subject -nameopt RFC2253)" == "subject=CN=box-kitchen-01" ]] \
    || fail "subject: $(openssl x509 -in "$crt" -noout -subject)"
openssl x509 -in "$crt" -noout -ext extendedKeyUsage | grep -q 'TLS Web Client Authentication' \
    || fail "the certificate is not for client authentication"
openssl x509 -in "$crt" -noout -ext basicConstraints | grep -q 'CA:FALSE' || fail "the certificate may sign others"
[[ "$(openssl x509 -in "$crt" -noout -pubkey)" == "$(openssl pkey -in "$work/kitchen/box.key" -pubout)" ]] \
    || fail "the certificate does not carry the box's public key"
[[ "$(stat -c %a "$crt")" == 644 ]] || fail "certificate mode $(stat -c %a "$crt")"
for line in 'omb.cloud.url=ssl://omb.test:8884' 'omb.cloud.device-id=box-kitchen-01' \
    'omb.cloud.cert-file=/etc/omb/box.crt' 'omb.cloud.key-file=/etc/omb/box.key' \
    'omb.cloud.ca-file=/etc/omb/broker-ca.crt'; do
    grep -qxF "$line" <<<"$out" || fail "the settings lack $line: $out"
done

# Bad input: refused with an error, no certificate written.
refused() {
    local expected="$1"
    shift
    rm -f "$work/bad.crt"
    if "$@" >"$work/out" 2>&1; then
        fail "accepted: $*"
    fi
    grep -q "$expected" "$work/out" || fail "no clear error ($expected) for $*: $(cat "$work/out")"
    [[ ! -e "$work/bad.crt" ]] || fail "wrote a certificate for: $*"
}
box other box-other
printf 'not a request\n' >"$work/garbage.csr"
refused usage sign box-kitchen-01 "$work/kitchen/box.csr"
refused 'device id must be' sign 'a/b' "$work/kitchen/box.csr" "$work/bad.crt"
refused 'kept for the cloud' sign omb-cloud-1 "$work/kitchen/box.csr" "$work/bad.crt"
refused 'not CN=box-kitchen-01' sign box-kitchen-01 "$work/other/box.csr" "$work/bad.crt"
refused 'not a certificate request' sign box-kitchen-01 "$work/garbage.csr" "$work/bad.crt"
refused 'cannot read the request' sign box-kitchen-01 "$work/none.csr" "$work/bad.crt"
refused 'no CA to sign with' env OMB_BOX_CA_DIR="$work/none" \
    bash "$here/sign-box.sh" box-kitchen-01 "$work/kitchen/box.csr" "$work/bad.crt"
refused 'OMB_BOX_CERT_DAYS' env OMB_BOX_CERT_DAYS=forever OMB_BOX_CA_DIR="$work/ca" \
    bash "$here/sign-box.sh" box-kitchen-01 "$work/kitchen/box.csr" "$work/bad.crt"

# The broker: the certificate listener of docs/provisioning.md with the shipped ACL.
if command -v mosquitto >/dev/null && command -v mosquitto_pub >/dev/null; then
    port=""
    for candidate in $(shuf -i 20000-60000 -n 20); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port="$candidate"; break; fi
    done
    [[ -n "$port" ]] || fail "no free port"
    cp "$here/../mosquitto/acl" "$work/acl"
    cat >"$work/mosquitto.conf" <<CONF
per_listener_settings true
persistence false
log_dest file $work/mosquitto.log
log_type all
user $(id -un)
listener $port 127.0.0.1
cafile $work/ca/ca.crt
certfile $work/ca/server.crt
keyfile $work/ca/server.key
tls_version tlsv1.2
require_certificate true
use_identity_as_username true
use_username_as_clientid true
allow_anonymous false
acl_file $work/acl
CONF
    mosquitto -c "$work/mosquitto.conf" >"$work/mosquitto.out" 2>&1 &
    broker_pid=$!
    for _ in $(seq 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
        sleep 0.1 # between polls of the port, 10 s at most
    done
    publish() {
        mosquitto_pub -h 127.0.0.1 -p "$port" --cafile "$work/ca/ca.crt" -q 1 -V mqttv5 \
            -t omb/v1/devices/box-kitchen-01/sync/pull -m '{}' "$@"
    }
    publish -i box-kitchen-01 --cert "$crt" --key "$work/kitchen/box.key" 2>"$work/pub" \
        || fail "the broker refused the signed certificate: $(cat "$work/pub") $(cat "$work/mosquitto.log")"
    grep -q "u'box-kitchen-01'" "$work/mosquitto.log" || fail "not logged in as box-kitchen-01: $(cat "$work/mosquitto.log")"
    publish -i box-kitchen-01 >/dev/null 2>&1 && fail "the broker let a box in without a certificate"
    box stranger box-kitchen-01
    CA_DIR="$work/other-ca" sign box-kitchen-01 "$work/stranger/box.csr" "$work/stranger/box.crt" >/dev/null 2>&1
    publish -i box-kitchen-01 --cert "$work/stranger/box.crt" --key "$work/stranger/box.key" >/dev/null 2>&1 \
        && fail "the broker let in a certificate of another CA"
else
    # .ci/run installs both: there, a part not run is a failure.
    [[ "${CI:-}" == true ]] && fail "mosquitto or mosquitto_pub is not installed (apt-get install mosquitto mosquitto-clients)"
    echo "mosquitto or mosquitto_pub is not installed: the broker part was not run (apt-get install mosquitto mosquitto-clients)" >&2
fi

echo "infra/cloud/test-sign-box.sh: ok"
