#!/usr/bin/env bash
# The whole self-hosted cloud on one Debian 12 machine, for a trial (infra/README.md, "A self-hosted cloud"):
#
#   stack.sh --jar cloud-functions.jar [--host NAME] [--cert FULLCHAIN.pem --key KEY.pem] [--s3proxy-jar FILE]
#            [--root DIR]
#   stack.sh --packages      prints the Debian packages it installs, and does nothing else
#
# Run as root. Installs the Debian packages (PostgreSQL, Mosquitto, nginx, a JRE, yt-dlp, ffmpeg) and s3proxy
# (from Maven Central, checked against its published SHA-1, on its filesystem backend); creates the database role
# and database; writes /etc/omb/cloud.env and relay.env; installs the broker configuration with TLS on 8883 (a
# self-made CA when no --cert is given: the boxes get its ca.crt), and nginx serving the relay (page, API,
# Socket.IO) on https://NAME/ and the bucket on https://NAME:9443/; then starts everything under systemd.
#
# Running it again changes nothing that is already right: secrets, certificates and password files are kept,
# other files are replaced only when their content differs. It prints what it changed.
#
# --root DIR writes every file under DIR instead of / (a test's throwaway root); the commands that reach beyond
# files (apt-get, curl, systemctl, useradd, runuser, chown, chgrp) are called as usual, for a test to stub on PATH.
set -euo pipefail
export LC_ALL=C

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mosquitto_dir="$here/../mosquitto"

S3PROXY_VERSION=4.1.0
S3PROXY_URL="https://repo1.maven.org/maven2/org/gaul/s3proxy/$S3PROXY_VERSION/s3proxy-$S3PROXY_VERSION-jar-with-dependencies.jar"
BUCKET=omb-media
DB=omb
DB_ROLE=omb
CLOUD_USER=omb-cloud
PACKAGES=(postgresql mosquitto mosquitto-clients nginx openjdk-17-jre-headless openssl curl yt-dlp ffmpeg)

root=""
jar=""
host=""
cert=""
key=""
s3proxy_jar=""

usage() {
    echo "usage: $0 --jar cloud-functions.jar [--host NAME] [--cert FULLCHAIN.pem --key KEY.pem] [--s3proxy-jar FILE] [--root DIR]" >&2
    exit 2
}
while [[ $# -gt 0 ]]; do
    case "$1" in
        --jar) jar="${2:-}"; shift 2 ;;
        --host) host="${2:-}"; shift 2 ;;
        --cert) cert="${2:-}"; shift 2 ;;
        --key) key="${2:-}"; shift 2 ;;
        --s3proxy-jar) s3proxy_jar="${2:-}"; shift 2 ;;
        --root) root="${2:-}"; shift 2 ;;
        --packages) echo "${PACKAGES[*]}"; exit 0 ;;
        *) usage ;;
    esac
done
[[ -n "$root" ]] && root="$(cd "$root" && pwd)"
[[ -z "$host" ]] && host="$(hostname -f 2>/dev/null || hostname)"
if [[ ! "$host" =~ ^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$ ]]; then
    echo "error: --host must be a host name or IPv4 address, was '$host'" >&2
    exit 2
fi
if [[ -n "$cert" || -n "$key" ]] && [[ ! -s "$cert" || ! -s "$key" ]]; then
    echo "error: --cert and --key go together and must name readable PEM files" >&2
    exit 2
fi
if [[ $EUID -ne 0 && -z "$root" ]]; then
    echo "error: run as root (it installs packages and services)" >&2
    exit 1
fi
if [[ -z "$jar" && ! -s "$root/opt/omb/cloud-functions.jar" ]]; then
    echo "error: --jar is needed the first time (build it with: mvn -B install -DskipTests; it is cloud-functions/target/cloud-functions.jar)" >&2
    exit 2
fi
[[ -n "$jar" && ! -s "$jar" ]] && { echo "error: no such jar: $jar" >&2; exit 2; }

changes=()
changed() { changes+=("$1"); echo "changed: $1"; }

# Writes stdin to $root$1 with mode $2 (and owner $3 when given) only when the content differs.
put() {
    local target="$root$1" mode="$2" owner="${3:-}" tmp
    tmp="$(mktemp)"
    cat >"$tmp"
    mkdir -p "$(dirname "$target")"
    if [[ -f "$target" ]] && cmp -s "$tmp" "$target"; then
        rm -f "$tmp"
    else
        install -m "$mode" "$tmp" "$target"
        rm -f "$tmp"
        changed "$1"
    fi
    chmod "$mode" "$target"
    [[ -z "$owner" ]] || chown "$owner" "$target"
}

# Sets the variable $2 to the secret $1, made once and kept in /etc/omb/secrets, so a second run writes the
# same files.
secret() {
    local file="$root/etc/omb/secrets" value
    mkdir -p "$root/etc/omb"
    [[ -e "$file" ]] || (umask 077 && touch "$file")
    value="$(sed -n "s/^$1=//p" "$file")"
    if [[ -z "$value" ]]; then
        value="$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
        echo "$1=$value" >>"$file"
        changed "/etc/omb/secrets ($1)"
    fi
    printf -v "$2" '%s' "$value"
}

echo "== packages"
# --no-upgrade: a package already there is left as it is (a second run changes nothing; upgrades are the
# machine's own routine, docs/operations.md).
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-upgrade "${PACKAGES[@]}"

echo "== user omb"
if ! grep -q '^omb:' "$root/etc/passwd" 2>/dev/null; then
    useradd --system --home-dir /var/lib/omb --no-create-home --shell /usr/sbin/nologin omb
fi
mkdir -p "$root/var/lib/omb/s3/$BUCKET" "$root/opt/omb" "$root/etc/omb"
chown -R omb:omb "$root/var/lib/omb"

echo "== jars"
if [[ -n "$jar" ]]; then
    put /opt/omb/cloud-functions.jar 644 <"$jar"
fi
if [[ -n "$s3proxy_jar" ]]; then
    put /opt/omb/s3proxy.jar 644 <"$s3proxy_jar"
elif [[ ! -s "$root/opt/omb/s3proxy.jar" ]]; then
    download="$(mktemp -d)"
    curl -fsSL -o "$download/s3proxy.jar" "$S3PROXY_URL"
    curl -fsSL -o "$download/s3proxy.jar.sha1" "$S3PROXY_URL.sha1"
    if [[ "$(sha1sum "$download/s3proxy.jar" | cut -d' ' -f1)" != "$(cut -c1-40 "$download/s3proxy.jar.sha1")" ]]; then
        echo "error: $S3PROXY_URL does not match its published SHA-1" >&2
        exit 1
    fi
    put /opt/omb/s3proxy.jar 644 <"$download/s3proxy.jar"
    rm -rf "$download"
fi

secret DB_PASSWORD db_password
secret MQTT_PASSWORD mqtt_password
secret S3_ACCESS_KEY s3_access
secret S3_SECRET_KEY s3_secret

echo "== PostgreSQL: role $DB_ROLE, database $DB"
systemctl enable --now postgresql
runuser -u postgres -- psql -qX -v ON_ERROR_STOP=1 <<SQL
DO \$\$BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_ROLE') THEN CREATE ROLE $DB_ROLE LOGIN; END IF;
END\$\$;
ALTER ROLE $DB_ROLE LOGIN PASSWORD '$db_password';
SQL
if [[ "$(runuser -u postgres -- psql -qtAX -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]]; then
    runuser -u postgres -- createdb -O "$DB_ROLE" "$DB"
fi

echo "== Mosquitto"
tls="/etc/mosquitto/omb/tls"
mkdir -p "$root$tls"
if [[ -n "$cert" ]]; then
    put "$tls/server.crt" 644 <"$cert"
    put "$tls/server.key" 640 root:mosquitto <"$key"
else
    before="$(cat "$root$tls/server.crt" 2>/dev/null || true)"
    bash "$here/broker-certs.sh" "$root$tls" "$host"
    [[ "$before" == "$(cat "$root$tls/server.crt")" ]] || changed "$tls/server.crt"
    chgrp mosquitto "$root$tls/server.key"
    chmod 640 "$root$tls/server.key"
fi
put /etc/mosquitto/mosquitto.conf 644 <"$mosquitto_dir/mosquitto.conf"
put /etc/mosquitto/omb/acl 644 <"$mosquitto_dir/acl"
if ! grep -q "^$CLOUD_USER:" "$root/etc/mosquitto/omb/cloud.passwd" 2>/dev/null; then
    (umask 027 && mosquitto_passwd -c -b "$root/etc/mosquitto/omb/cloud.passwd" "$CLOUD_USER" "$mqtt_password")
    changed /etc/mosquitto/omb/cloud.passwd
fi
[[ -e "$root/etc/mosquitto/omb/devices.passwd" ]] || { (umask 027 && touch "$root/etc/mosquitto/omb/devices.passwd"); changed /etc/mosquitto/omb/devices.passwd; }
chgrp mosquitto "$root/etc/mosquitto/omb/cloud.passwd" "$root/etc/mosquitto/omb/devices.passwd"
chmod 640 "$root/etc/mosquitto/omb/cloud.passwd" "$root/etc/mosquitto/omb/devices.passwd"
put /usr/local/lib/omb/add-device.sh 755 <"$mosquitto_dir/add-device.sh"
put /usr/local/lib/omb/provision-box.sh 755 <"$here/provision-box.sh"
put /usr/local/lib/omb/sign-box.sh 755 <"$here/sign-box.sh"
# What provision-box.sh prints to the boxes.
ca_line=""
[[ -z "$cert" ]] && ca_line="OMB_BROKER_CA=$tls/ca.crt"
printf 'OMB_BROKER_HOST=%s\nOMB_BROKER_PORT=8883\n%s\n' "$host" "$ca_line" | put /etc/omb/broker.env 644

echo "== s3proxy, the cloud app and the relay"
# The app signs bucket URLs for boxes and phones, so it names the bucket by its public origin (nginx, 9443).
java_opts=""
if [[ -z "$cert" ]]; then
    # The app reaches that origin too: it must trust the self-made CA.
    if [[ ! -s "$root/etc/omb/trust.p12" ]]; then
        keytool -importcert -noprompt -alias omb-ca -file "$root$tls/ca.crt" \
            -keystore "$root/etc/omb/trust.p12" -storetype PKCS12 -storepass changeit >/dev/null
        changed /etc/omb/trust.p12
    fi
    chmod 644 "$root/etc/omb/trust.p12"
    java_opts="-Djavax.net.ssl.trustStore=/etc/omb/trust.p12 -Djavax.net.ssl.trustStorePassword=changeit"
fi
put /etc/omb/s3proxy.conf 640 root:omb <<CONF
s3proxy.endpoint=http://127.0.0.1:9000
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$s3_access
s3proxy.credential=$s3_secret
jclouds.provider=filesystem
jclouds.filesystem.basedir=/var/lib/omb/s3
# Uploads from away PUT straight to the bucket from the relay's page (cloud-functions/README.md, "The relay").
s3proxy.cors-allow-origins=https://$host
s3proxy.cors-allow-methods=GET PUT POST HEAD
s3proxy.cors-allow-headers=*
s3proxy.cors-exposed-headers=ETag
CONF
common_env="SPRING_R2DBC_URL=r2dbc:postgresql://127.0.0.1:5432/$DB
SPRING_R2DBC_USERNAME=$DB_ROLE
SPRING_R2DBC_PASSWORD=$db_password
OMB_MQTT_URL=tcp://127.0.0.1:1884
OMB_MQTT_USERNAME=$CLOUD_USER
OMB_MQTT_PASSWORD=$mqtt_password
OMB_S3_BUCKET=$BUCKET
OMB_S3_REGION=us-east-1
OMB_S3_ENDPOINT=https://$host:9443
OMB_S3_ACCESS_KEY=$s3_access
OMB_S3_SECRET_KEY=$s3_secret
OMB_JAVA_OPTS=$java_opts
SERVER_ADDRESS=127.0.0.1"
put /etc/omb/cloud.env 640 root:omb <<ENV
# The cloud functions (omb-cloud.service); written by infra/cloud/stack.sh.
$common_env
SERVER_PORT=8080
OMB_MQTT_CLIENT_ID=omb-cloud-$host
ENV
put /etc/omb/relay.env 640 root:omb <<ENV
# The relay (omb-relay.service), behind nginx on https://$host/; written by infra/cloud/stack.sh.
$common_env
SPRING_PROFILES_ACTIVE=relay
SERVER_PORT=8090
# nginx is the client the relay sees: its X-Forwarded-For names the phone (pairing budget per address).
SERVER_FORWARD_HEADERS_STRATEGY=native
ENV
for unit in omb-s3.service omb-cloud.service omb-relay.service; do
    put "/etc/systemd/system/$unit" 644 <"$here/$unit"
done

echo "== nginx"
put /etc/nginx/sites-available/omb 644 < <(sed -e "s/@HOST@/$host/g" -e "s#@TLS@#$tls#g" "$here/nginx-site.conf")
mkdir -p "$root/etc/nginx/sites-enabled"
if [[ "$(readlink "$root/etc/nginx/sites-enabled/omb" 2>/dev/null)" != /etc/nginx/sites-available/omb ]]; then
    ln -sfn /etc/nginx/sites-available/omb "$root/etc/nginx/sites-enabled/omb"
    changed /etc/nginx/sites-enabled/omb
fi

echo "== services"
systemctl daemon-reload
systemctl enable mosquitto nginx omb-s3.service omb-cloud.service omb-relay.service
if [[ ${#changes[@]} -gt 0 ]]; then
    systemctl restart mosquitto omb-s3.service omb-cloud.service omb-relay.service
    systemctl reload-or-restart nginx
else
    systemctl start mosquitto nginx omb-s3.service omb-cloud.service omb-relay.service
fi

if [[ ${#changes[@]} -eq 0 ]]; then
    echo "Nothing changed."
else
    echo "Changed ${#changes[@]} item(s)."
fi
echo "The relay: https://$host/relay/health  Add a box: /usr/local/lib/omb/provision-box.sh <device-id>"
