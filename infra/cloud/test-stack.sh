#!/usr/bin/env bash
# Runs stack.sh into a throwaway root with the commands that reach beyond files stubbed on PATH, and checks what
# it writes: the files and their modes, the units (systemd-analyze verify), the nginx site (nginx -t where nginx
# is installed), that a second run changes nothing, that bad input changes nothing, and provision-box.sh.
# Usage: infra/cloud/test-stack.sh   (needs openssl, keytool, mosquitto_passwd, systemd-analyze; run by .ci/run)
set -euo pipefail
export LC_ALL=C
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
root="$work/root"
stubs="$work/stubs"
calls="$work/calls"
mkdir -p "$root" "$stubs"
fail() { echo "FAIL: $*" >&2; exit 1; }

for command in apt-get systemctl useradd chown chgrp curl runuser; do
    cat >"$stubs/$command" <<STUB
#!/usr/bin/env bash
echo "$command \$*" >>"$calls"
# psql reads its script from stdin; queries answer nothing (no database yet), so createdb is asked each time.
[[ "$command" == runuser ]] && cat >/dev/null
exit 0
STUB
    chmod +x "$stubs/$command"
done
echo "the cloud jar" >"$work/cloud-functions.jar"
echo "the s3proxy jar" >"$work/s3proxy.jar"

stack() { PATH="$stubs:$PATH" bash "$here/stack.sh" "$@"; }
snapshot() { (cd "$root" && find . -printf '%p %M %s %T@ %l\n' | sort && find . -type f -print0 | sort -z | xargs -0 sha256sum); }

# Bad input: refused, nothing written.
stack --root "$root" --host omb.test >"$work/out" 2>&1 && fail "a first run without --jar was accepted"
stack --root "$root" --jar "$work/cloud-functions.jar" --host 'bad host!' >"$work/out" 2>&1 && fail "a bad --host was accepted"
stack --root "$root" --jar "$work/cloud-functions.jar" --cert /nonexistent >"$work/out" 2>&1 && fail "--cert without --key was accepted"
[[ -z "$(ls -A "$root")" ]] || fail "bad input wrote files: $(ls -A "$root")"

stack --root "$root" --jar "$work/cloud-functions.jar" --s3proxy-jar "$work/s3proxy.jar" --host omb.test >"$work/first" 2>&1 \
    || { cat "$work/first"; fail "first run"; }

# What it wrote.
expect_mode() { [[ "$(stat -c %a "$root$1")" == "$2" ]] || fail "$1 has mode $(stat -c %a "$root$1"), not $2"; }
expect_mode /etc/omb/cloud.env 640
expect_mode /etc/omb/relay.env 640
expect_mode /etc/omb/secrets 600
expect_mode /etc/mosquitto/omb/tls/server.key 640
expect_mode /etc/mosquitto/omb/cloud.passwd 640
expect_mode /etc/mosquitto/omb/devices.passwd 640
cmp -s "$root/etc/mosquitto/mosquitto.conf" "$here/../mosquitto/mosquitto.conf" || fail "mosquitto.conf is not the shipped one"
cmp -s "$root/etc/mosquitto/omb/acl" "$here/../mosquitto/acl" || fail "acl is not the shipped one"
cmp -s "$root/opt/omb/cloud-functions.jar" "$work/cloud-functions.jar" || fail "the jar was not installed"
cmp -s "$root/usr/local/lib/omb/sign-box.sh" "$here/sign-box.sh" || fail "sign-box.sh was not installed"
expect_mode /usr/local/lib/omb/sign-box.sh 755
grep -q '^omb-cloud:' "$root/etc/mosquitto/omb/cloud.passwd" || fail "no omb-cloud user in cloud.passwd"
openssl verify -CAfile "$root/etc/mosquitto/omb/tls/ca.crt" "$root/etc/mosquitto/omb/tls/server.crt" >/dev/null \
    || fail "the broker certificate is not signed by the stack's CA"
openssl x509 -in "$root/etc/mosquitto/omb/tls/server.crt" -noout -ext subjectAltName | grep -q 'DNS:omb.test' \
    || fail "the broker certificate does not name omb.test"
db_password="$(sed -n 's/^DB_PASSWORD=//p' "$root/etc/omb/secrets")"
mqtt_password="$(sed -n 's/^MQTT_PASSWORD=//p' "$root/etc/omb/secrets")"
for env in cloud relay; do
    file="$root/etc/omb/$env.env"
    for line in "SPRING_R2DBC_URL=r2dbc:postgresql://127.0.0.1:5432/omb" "SPRING_R2DBC_USERNAME=omb" \
        "SPRING_R2DBC_PASSWORD=$db_password" "OMB_MQTT_URL=tcp://127.0.0.1:1884" "OMB_MQTT_USERNAME=omb-cloud" \
        "OMB_MQTT_PASSWORD=$mqtt_password" "OMB_S3_ENDPOINT=https://omb.test:9443" "SERVER_ADDRESS=127.0.0.1"; do
        grep -qxF "$line" "$file" || fail "$env.env lacks $line"
    done
done
grep -qx 'SPRING_PROFILES_ACTIVE=relay' "$root/etc/omb/relay.env" || fail "relay.env does not pick the relay profile"
grep -qx 'SERVER_PORT=8090' "$root/etc/omb/relay.env" || fail "relay.env: port"
grep -q "ALTER ROLE omb\|createdb -O omb omb" "$calls" || true
grep -qx 'runuser -u postgres -- createdb -O omb omb' "$calls" || fail "the database was not created: $(cat "$calls")"
grep -q '^apt-get install .*postgresql.*mosquitto.*nginx' "$calls" || fail "apt-get was not asked for the stack"
grep -q '^systemctl enable mosquitto nginx omb-s3.service omb-cloud.service omb-relay.service' "$calls" \
    || fail "the services were not enabled"
[[ -d "$root/var/lib/omb/s3/omb-media" ]] || fail "no bucket directory"
[[ "$(readlink "$root/etc/nginx/sites-enabled/omb")" == /etc/nginx/sites-available/omb ]] || fail "site not enabled"

# The units, as systemd reads them (the host's systemd for what they refer to: java, the targets).
for unit in omb-cloud.service omb-relay.service omb-s3.service; do
    out="$(systemd-analyze verify "$root/etc/systemd/system/$unit" 2>&1)" || fail "$unit: $out"
    [[ -z "$out" ]] || fail "$unit: $out"
done

# The nginx site, with its certificate paths moved into the root.
site="$work/site.conf"
sed "s#/etc/mosquitto/#$root/etc/mosquitto/#g" "$root/etc/nginx/sites-available/omb" >"$site"
grep -q 'proxy_set_header Upgrade $http_upgrade' "$site" || fail "the site does not pass the WebSocket upgrade"
if command -v nginx >/dev/null; then
    printf 'pid %s/nginx.pid;\nerror_log stderr;\nevents {}\nhttp {\n  include %s;\n}\n' "$work" "$site" >"$work/nginx.conf"
    nginx -t -q -c "$work/nginx.conf" -p "$work" || fail "nginx -t refused the site"
else
    echo "nginx is not installed: the site's syntax was not checked (apt-get install nginx)" >&2
fi

# Twice: nothing changes.
before="$(snapshot)"
stack --root "$root" --jar "$work/cloud-functions.jar" --host omb.test >"$work/second" 2>&1 \
    || { cat "$work/second"; fail "second run"; }
grep -qx 'Nothing changed.' "$work/second" || fail "the second run changed: $(grep changed: "$work/second")"
[[ "$before" == "$(snapshot)" ]] || fail "the second run changed files: $(diff <(echo "$before") <(snapshot) | head)"

# provision-box.sh on what the stack wrote (the CA path moved into the root).
: >"$calls"
out="$(PATH="$stubs:$PATH" OMB_BROKER_ENV="$root/etc/omb/broker.env" OMB_BROKER_CA="$root/etc/mosquitto/omb/tls/ca.crt" \
    OMB_DEVICES_PASSWD="$root/etc/mosquitto/omb/devices.passwd" bash "$root/usr/local/lib/omb/provision-box.sh" box-kitchen-01)" \
    || fail "provision-box.sh failed: $out"
grep -qx 'omb.cloud.url=ssl://omb.test:8883' <<<"$out" || fail "provision-box: url: $out"
grep -qx 'omb.cloud.device-id=box-kitchen-01' <<<"$out" || fail "provision-box: device id: $out"
grep -qx 'omb.cloud.username=box-kitchen-01' <<<"$out" || fail "provision-box: user: $out"
grep -qE '^omb.cloud.password=[A-Za-z0-9_-]{32}$' <<<"$out" || fail "provision-box: password: $out"
grep -qx 'omb.cloud.ca-file=/etc/omb/broker-ca.crt' <<<"$out" || fail "provision-box: ca file: $out"
grep -q '^box-kitchen-01:' "$root/etc/mosquitto/omb/devices.passwd" || fail "provision-box: no password line"
grep -qx 'systemctl reload mosquitto' "$calls" || fail "provision-box did not reload the broker"
if PATH="$stubs:$PATH" OMB_BROKER_ENV="$root/etc/omb/broker.env" OMB_BROKER_CA="" \
    OMB_DEVICES_PASSWD="$root/etc/mosquitto/omb/devices.passwd" bash "$root/usr/local/lib/omb/provision-box.sh" 'a/b' >"$work/out" 2>&1; then
    fail "provision-box accepted a bad id"
fi
grep -q '^error: device id' "$work/out" || fail "provision-box: no clear error for a bad id: $(cat "$work/out")"
[[ "$(grep -c . "$root/etc/mosquitto/omb/devices.passwd")" == 1 ]] || fail "a bad id changed devices.passwd"

echo "infra/cloud/test-stack.sh: ok"
