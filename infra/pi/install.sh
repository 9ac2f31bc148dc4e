#!/bin/sh
# Installs or upgrades the box on Raspberry Pi OS / Debian 12 (arm64, armhf; amd64 for trials and tests).
# Run it again at any time: it changes only what differs, and keeps /var/lib/omb (the library) and
# /etc/omb (settings) on an upgrade.
#
#   sudo infra/pi/install.sh [--jar FILE] [--dac NAME] [--name "Box name"] [--root DIR]
#
#   --jar FILE   the agent jar (default: edge-agent/target/edge-agent.jar of this repository)
#   --dac NAME   sound card HAT: wm8960, hifiberry-dac, iqaudio-dacplus, max98357a, or none (default:
#                leave the sound set-up alone)
#   --name NAME  the name phones see for the box on the network (default: kept, or the host name)
#   --root DIR   install into DIR (a prepared Debian root or a test's throwaway folder) instead of /
#
# What runs outside the file system goes through these commands, so a test can put stubs for them first
# on PATH: chroot (only with --root), dpkg, dpkg-query, apt-get, groupadd, useradd, chown, systemctl and
# java (the AppCDS dump, through the launcher).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=""
jar=$here/../../edge-agent/target/edge-agent.jar
dac=""
name=""
while [ $# -gt 0 ]; do
  case $1 in
    --root) root=$(cd "$2" && pwd); shift 2 ;;
    --jar) jar=$2; shift 2 ;;
    --dac) dac=$2; shift 2 ;;
    --name) name=$2; shift 2 ;;
    -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -f "$jar" ] || { echo "install.sh: no agent jar at $jar: run 'mvn -B install -DskipTests' or give --jar" >&2; exit 2; }
case $name in
  *[\<\>\&\"]*) echo "install.sh: --name may not contain < > & or \"" >&2; exit 2 ;;
esac
for tool in zip unzip curl cmp sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || { echo "install.sh: needs $tool here (apt-get install $tool)" >&2; exit 2; }
done

# A command on the target system: the machine itself, or the root given with --root.
target() {
  if [ -n "$root" ]; then chroot "$root" "$@"; else "$@"; fi
}
say() { echo "install.sh: $*"; }
changed=0

# Writes stdin to a file only when its content differs, so a second run changes nothing.
put() { # put MODE PATH
  tmp=$(mktemp "$root$2.XXXXXX")
  cat >"$tmp"
  chmod "$1" "$tmp"
  if cmp -s "$tmp" "$root$2"; then
    rm -f "$tmp"
  else
    mv -f "$tmp" "$root$2"
    changed=1
    say "wrote $2"
  fi
}

# --- packages -------------------------------------------------------------------------------------
packages="openjdk-17-jre-headless avahi-daemon curl alsa-utils i2c-tools"
missing=""
for p in $packages; do
  target dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
  say "installing$missing"
  target apt-get update -q
  # Word splitting of the package list is wanted here.
  # shellcheck disable=SC2086
  target env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
fi

# --- user, groups, folders ------------------------------------------------------------------------
mkdir -p "$root/etc" "$root/opt/omb/bin" "$root/opt/omb/lib" "$root/etc/omb" "$root/etc/systemd/system" \
  "$root/etc/avahi/services" "$root/etc/modules-load.d" "$root/etc/udev/rules.d" "$root/var/lib" "$root/var/tmp"
touch "$root/etc/group" "$root/etc/passwd"
# audio exists on Debian; i2c and gpio come with Raspberry Pi OS only, and the unit's SupplementaryGroups
# would stop the box where one is missing.
for g in audio i2c gpio omb; do
  grep -q "^$g:" "$root/etc/group" || target groupadd --system "$g"
done
grep -q '^omb:' "$root/etc/passwd" ||
  target useradd --system --gid omb --home-dir /var/lib/omb --no-create-home --shell /usr/sbin/nologin omb
if [ ! -d "$root/var/lib/omb" ]; then
  mkdir -m 0750 "$root/var/lib/omb"
  target chown omb:omb /var/lib/omb
fi

# --- the agent: jar with this architecture's natives only, launcher, flags ---------------------------
arch=$(target dpkg --print-architecture)
case $arch in
  arm64) keep='natives/linux-aarch64/|/Linux/aarch64/|^lib/aarch64/|_aarch_64\.so$' ;;
  armhf) keep='natives/linux-(arm|armhf|aarch32)/|/Linux/(arm|armv6|armv7)/|^lib/armhf/' ;;
  amd64) keep='natives/linux-x86-64/|/Linux/x86_64/|_x86_64\.so$' ;;
  *) echo "install.sh: no native libraries for architecture $arch in the jar" >&2; exit 2 ;;
esac
new=$(mktemp "$root/opt/omb/lib/edge-agent.jar.XXXXXX")
cp "$jar" "$new"
others=$(unzip -Z1 "$new" | grep -E '\.(so|dll|dylib|jnilib)$' | grep -Ev "$keep" || true)
# Word splitting of the entry names (none has a space) is wanted here.
# shellcheck disable=SC2086
[ -z "$others" ] || zip -q -d "$new" $others
chmod 0644 "$new"
jar_changed=0
if cmp -s "$new" "$root/opt/omb/lib/edge-agent.jar"; then
  rm -f "$new"
else
  mv -f "$new" "$root/opt/omb/lib/edge-agent.jar"
  jar_changed=1
  changed=1
  say "installed the agent for $arch ($(echo "$others" | grep -c . || true) native libraries of other platforms left out)"
fi
# sqlite-jdbc's native library, taken out of the jar once: otherwise every start runs `uname -o`, reads the
# library out of the jar and compares it with a copy in /tmp (about 0.1 s of every start). The launcher uses it
# while it is newer than the jar. armhf has a library for each ARM level and sqlite-jdbc picks one at run time.
case $arch in
  arm64) sqlite_native=org/sqlite/native/Linux/aarch64/libsqlitejdbc.so ;;
  amd64) sqlite_native=org/sqlite/native/Linux/x86_64/libsqlitejdbc.so ;;
  *) sqlite_native="" ;;
esac
if [ -n "$sqlite_native" ] && { [ "$jar_changed" = 1 ] || [ ! -f "$root/opt/omb/lib/native/libsqlitejdbc.so" ]; }; then
  mkdir -p "$root/opt/omb/lib/native"
  unzip -p "$root/opt/omb/lib/edge-agent.jar" "$sqlite_native" >"$root/opt/omb/lib/native/libsqlitejdbc.so"
  chmod 0644 "$root/opt/omb/lib/native/libsqlitejdbc.so"
  changed=1
fi
put 0755 /opt/omb/bin/omb-box <"$here/omb-box"
put 0755 /opt/omb/bin/omb-box-health <"$here/omb-box-health"
put 0644 /opt/omb/lib/jvm-flags <"$here/jvm-flags"

# --- AppCDS archive: a short run of the box that writes the classes it loaded ---------------------
# Built again when the jar, the flags or the JVM changed; a stale one would only be skipped by the JVM
# (with -Xshare:auto), costing start time, never the start.
jvm=$(target java -version 2>&1 | sed -n 1p || true)
stamp=$(printf '%s\n%s\n' "$(sha256sum <"$root/opt/omb/lib/jvm-flags")" "$jvm" | sha256sum | cut -c1-64)
archive=/opt/omb/lib/edge-agent.jsa
if [ "$jar_changed" = 1 ] || [ ! -f "$root$archive" ] || [ "$(cat "$root$archive.stamp" 2>/dev/null)" != "$stamp" ]; then
  rm -f "$root$archive" "$root$archive.stamp"
  run=$(mktemp -d "$root/var/tmp/omb-cds.XXXXXX")
  port=${OMB_CDS_PORT:-18790}
  say "building the AppCDS archive (a short run of the box on 127.0.0.1:$port)"
  set -- env OMB_CDS_DUMP=1 OMB_DATA_DIR="${run#"$root"}" OMB_BIND=127.0.0.1 OMB_HTTP_PORT="$port" \
    OMB_SOCKETIO_PORT=$((port + 1)) /opt/omb/bin/omb-box
  # Not through target(): a function in the background is a subshell, and SIGTERM must reach the JVM
  # (chroot, env and the launcher all exec, so $! is the JVM's id).
  if [ -n "$root" ]; then chroot "$root" "$@" >"$run/agent.log" 2>&1 & else "$@" >"$run/agent.log" 2>&1 & fi
  pid=$!
  deadline=$(($(date +%s) + ${OMB_CDS_DEADLINE:-240}))
  while kill -0 "$pid" 2>/dev/null; do
    if curl -sf -o /dev/null --max-time 5 "http://127.0.0.1:$port/api/health"; then
      # The page and the library too, so their classes are in the archive.
      curl -sf -o /dev/null --max-time 5 "http://127.0.0.1:$port/" || true
      curl -sf -o /dev/null --max-time 5 "http://127.0.0.1:$port/api/playlists" || true
      kill -TERM "$pid"
      break
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then kill -TERM "$pid"; break; fi
    sleep 1
  done
  wait "$pid" || true
  if [ -s "$root$archive" ]; then
    chmod 0644 "$root$archive"
    echo "$stamp" >"$root$archive.stamp"
    changed=1
  else
    say "no AppCDS archive was written (the box starts without it, more slowly); the run's log:"
    tail -n 20 "$run/agent.log" >&2 || true
  fi
  rm -rf "$run"
fi

# --- settings, kept once written --------------------------------------------------------------------
if [ ! -f "$root/etc/omb/omb-box.env" ]; then
  put 0644 /etc/omb/omb-box.env <<'EOF'
# The box's settings (design.md, launch contract). Kept by upgrades; systemctl restart omb-box after a change.
OMB_DATA_DIR=/var/lib/omb
OMB_HTTP_PORT=8000
OMB_SOCKETIO_PORT=8001
#OMB_AUTH_TOKEN=
#OMB_CONFIG=/etc/omb/omb-box.yaml
#OMB_JAVA_OPTS=
EOF
fi

# --- systemd --------------------------------------------------------------------------------------
put 0644 /etc/systemd/system/omb-box.service <"$here/omb-box.service"
put 0644 /etc/systemd/system/omb-box-health.service <"$here/omb-box-health.service"
put 0644 /etc/systemd/system/omb-box-health.timer <"$here/omb-box-health.timer"

# --- hardware: I2C for the PN532, the sound card HAT, device access for group members -------------------
put 0644 /etc/modules-load.d/omb-box.conf <<'EOF'
# The PN532 NFC reader is on I2C: user space reaches it through /dev/i2c-*.
i2c-dev
EOF
put 0644 /etc/udev/rules.d/60-omb-box.rules <<'EOF'
# The box runs as omb in the groups i2c and gpio (Raspberry Pi OS has the same rules; plain Debian does not).
SUBSYSTEM=="i2c-dev", GROUP="i2c", MODE="0660"
SUBSYSTEM=="gpio", KERNEL=="gpiochip*", GROUP="gpio", MODE="0660"
EOF

boot=""
for f in /boot/firmware/config.txt /boot/config.txt; do
  if [ -f "$root$f" ]; then boot=$f; break; fi
done
boot_line() { # adds a line to config.txt once, in an [all] section
  grep -qxF "$1" "$root$boot" && return 0
  last=$(grep '^\[' "$root$boot" | tail -n 1 || true)
  [ -z "$last" ] || [ "$last" = "[all]" ] || printf '[all]\n' >>"$root$boot"
  printf '%s\n' "$1" >>"$root$boot"
  say "added '$1' to $boot (takes effect after a reboot)"
}
overlay=""
card=""
case $dac in
  "" | none) ;;
  wm8960) overlay=wm8960-soundcard card=wm8960soundcard ;;
  hifiberry-dac) overlay=hifiberry-dac card=sndrpihifiberry ;;
  iqaudio-dacplus) overlay=iqaudio-dacplus card=IQaudIODAC ;;
  max98357a) overlay=max98357a card=MAX98357A ;;
  *) echo "install.sh: unknown --dac $dac (wm8960, hifiberry-dac, iqaudio-dacplus, max98357a, none)" >&2; exit 2 ;;
esac
if [ -n "$boot" ]; then
  boot_line "dtparam=i2c_arm=on"
  [ -z "$overlay" ] || boot_line "dtoverlay=$overlay"
else
  say "no /boot/firmware/config.txt (not a Raspberry Pi?): I2C and the sound card overlay left alone"
fi
if [ -n "$card" ]; then
  if [ -f "$root/etc/asound.conf" ] && ! grep -q '^# omb-box' "$root/etc/asound.conf"; then
    say "/etc/asound.conf is not the box's: left alone (make $card the default card there)"
  else
    put 0644 /etc/asound.conf <<EOF
# omb-box: the $dac HAT is the default sound card (HDMI stays card 0 on a Pi).
pcm.!default { type plug; slave.pcm "hw:$card" }
ctl.!default { type hw; card $card }
EOF
  fi
fi

# --- mDNS: phones find http://<host name>.local:8000 ------------------------------------------------
avahi=/etc/avahi/services/omb-box.service
if [ -n "$name" ] || [ ! -f "$root$avahi" ]; then
  shown=${name:-%h}
  put 0644 "$avahi" <<EOF
<?xml version="1.0" standalone='no'?>
<!DOCTYPE service-group SYSTEM "avahi-service.dtd">
<!-- Open Music Box: the parents' page, announced on the home network. -->
<service-group>
  <name replace-wildcards="yes">$shown</name>
  <service>
    <type>_http._tcp</type>
    <port>8000</port>
    <txt-record>path=/</txt-record>
  </service>
</service-group>
EOF
fi

# --- start --------------------------------------------------------------------------------------------
if [ -n "$root" ]; then
  target systemctl enable omb-box.service omb-box-health.timer
else
  systemctl daemon-reload
  systemctl enable omb-box.service omb-box-health.timer
  if [ "$changed" = 1 ]; then systemctl restart omb-box.service; else systemctl start omb-box.service; fi
  systemctl start omb-box-health.timer
fi
say "done: phones find the box at http://<host name>.local:8000 (avahi: ${name:-the host name})"
