#!/bin/sh
# The Pi install, tested in throwaway roots: install.sh --root with the commands that reach outside the
# file system replaced by the stand-ins in stubs/ (systemd only at systemctl), then a second run that must
# change nothing, an upgrade that must keep the library, the unit through `systemd-analyze verify`, the
# natives of each architecture, uninstall; and the launcher with a real JVM: an AppCDS dump, the box on
# that archive (-Xshare:on fails when it is unusable), and on a broken archive (must start anyway).
#
#   infra/pi/test/install-test.sh [JAR]     (default: edge-agent/target/edge-agent.jar)
set -u
pi=$(cd "$(dirname "$0")/.." && pwd)
jar=${1:-$pi/../../edge-agent/target/edge-agent.jar}
[ -f "$jar" ] || { echo "install-test: no jar at $jar (mvn -B -q -pl edge-agent -am package -DskipTests)" >&2; exit 2; }
work=$(mktemp -d)
box_pid=""
trap 'if [ -n "$box_pid" ]; then kill -9 "$box_pid" 2>/dev/null; fi; rm -rf "$work"' EXIT
passed=0
failed=0
check() { # check "what" command...
  what=$1
  shift
  if "$@" >/dev/null 2>&1; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $what" >&2; fi
}
count() { grep -cxF "$1" "$2"; }

# A root as a fresh Raspberry Pi OS has it, where it matters here: users, groups, config.txt (ending in a
# conditional section), systemd's own units (for systemd-analyze).
new_root() {
  mkdir -p "$1/etc" "$1/boot/firmware" "$1/usr/lib/systemd"
  printf 'root:x:0:0:root:/root:/bin/bash\n' >"$1/etc/passwd"
  printf 'root:x:0:\naudio:x:29:\n' >"$1/etc/group"
  printf '[all]\ndtparam=audio=on\n[cm4]\notg_mode=1\n' >"$1/boot/firmware/config.txt"
  cp -a /usr/lib/systemd/system "$1/usr/lib/systemd/"
}
install_into() { # install_into ROOT LOG ARCH [options]
  r=$1 log=$2 arch=$3
  shift 3
  mkdir -p "$work/state-$arch"
  PATH=$pi/test/stubs:$PATH STUB_LOG=$log STUB_STATE=$work/state-$arch STUB_ARCH=$arch OMB_CDS_DEADLINE=1 \
    sh "$pi/install.sh" --root "$r" "$@" >>"$work/install.out" 2>&1
}
listing() { (cd "$1" && find . -printf '%p %m %y\n' | sort && find . -type f -exec sha256sum {} + | sort -k2); }
natives() { unzip -Z1 "$1" | grep -E '\.(so|dll|dylib|jnilib)$'; }

# --- first install ------------------------------------------------------------------------------
root=$work/root
new_root "$root"
log=$work/log1
install_into "$root" "$log" amd64 --jar "$jar" --dac wm8960 --name "Kitchen box"
check "install.sh exits 0" test $? = 0
check "apt-get installs the headless JRE" grep -q '^apt-get install .*openjdk-17-jre-headless' "$log"
check "user omb created once, as a system user" test "$(grep -c '^useradd --system .* omb$' "$log")" = 1
check "groups i2c, gpio, omb created, audio left" sh -c "grep -qx 'groupadd --system i2c' $log && grep -qx 'groupadd --system gpio' $log && grep -qx 'groupadd --system omb' $log && ! grep -q 'groupadd.* audio' $log"
check "data folder made" test -d "$root/var/lib/omb"
check "data folder given to omb" grep -q '^chown omb:omb ' "$log"
check "launcher installed, executable" test -x "$root/opt/omb/bin/omb-box"
check "flags installed" cmp "$pi/jvm-flags" "$root/opt/omb/lib/jvm-flags"
check "unit installed" cmp "$pi/omb-box.service" "$root/etc/systemd/system/omb-box.service"
check "units enabled" grep -qx 'systemctl enable omb-box.service omb-box-health.timer' "$log"
check "no systemctl start in a --root install" sh -c "! grep -q '^systemctl \(re\)*start' $log"
check "AppCDS dump run through the launcher with the flags" \
  grep -q "^java -XX:ArchiveClassesAtExit=$root/opt/omb/lib/edge-agent.jsa -Xms8m -Xmx64m .* -jar $root/opt/omb/lib/edge-agent.jar$" "$log"
check "archive and its stamp kept" test -s "$root/opt/omb/lib/edge-agent.jsa" -a -s "$root/opt/omb/lib/edge-agent.jsa.stamp"
check "sqlite's native library taken out of the jar for amd64" \
  sh -c "unzip -p $root/opt/omb/lib/edge-agent.jar org/sqlite/native/Linux/x86_64/libsqlitejdbc.so | cmp -s - $root/opt/omb/lib/native/libsqlitejdbc.so"
check "dump run's data folder removed" sh -c "! ls -d $root/var/tmp/omb-cds.* 2>/dev/null"
avahi=$root/etc/avahi/services/omb-box.service
check "avahi announces _http._tcp on 8000 as the box's name" \
  sh -c "grep -q '<type>_http._tcp</type>' $avahi && grep -q '<port>8000</port>' $avahi && grep -q '>Kitchen box</name>' $avahi"
config=$root/boot/firmware/config.txt
check "I2C line once" test "$(count dtparam=i2c_arm=on "$config")" = 1
check "WM8960 overlay once" test "$(count dtoverlay=wm8960-soundcard "$config")" = 1
check "lines go to an [all] section" test "$(sed -n '5p' "$config")" = "[all]"
check "WM8960 the default card" grep -q 'hw:wm8960soundcard' "$root/etc/asound.conf"
check "i2c-dev loaded at boot" grep -qx i2c-dev "$root/etc/modules-load.d/omb-box.conf"
check "settings file written" grep -qx OMB_DATA_DIR=/var/lib/omb "$root/etc/omb/omb-box.env"
natives "$root/opt/omb/lib/edge-agent.jar" >"$work/natives-amd64"
# The launcher test at the end runs this one.
stripped=$work/real/edge-agent.jar
mkdir -p "$work/real" && cp "$root/opt/omb/lib/edge-agent.jar" "$stripped"
check "amd64 jar keeps x86_64 natives" test -s "$work/natives-amd64"
check "amd64 jar has no other platform's natives" sh -c "! grep -Ev 'natives/linux-x86-64/|/Linux/x86_64/|_x86_64\.so$' $work/natives-amd64"
out=$(cd "$root" && systemd-analyze verify --root="$root" /etc/systemd/system/omb-box.service \
  /etc/systemd/system/omb-box-health.service /etc/systemd/system/omb-box-health.timer 2>&1)
check "systemd-analyze verify passes without a warning" test $? = 0 -a -z "$out"
[ -z "$out" ] || echo "$out" >&2

# --- the same again: nothing changes --------------------------------------------------------------
listing "$root" >"$work/before"
log=$work/log2
install_into "$root" "$log" amd64 --jar "$jar" --dac wm8960
check "second run exits 0" test $? = 0
listing "$root" >"$work/after"
check "second run changes no file" cmp "$work/before" "$work/after"
diff "$work/before" "$work/after" >&2
check "second run installs, creates and dumps nothing" \
  sh -c "! grep -Eq '^(apt-get|useradd|groupadd|chown|java -XX)' $log"
check "box name kept without --name" grep -q '>Kitchen box</name>' "$avahi"

# --- upgrade: a new jar replaces the old one, the library and the settings stay ---------------------
mkdir -p "$root/var/lib/omb/media"
echo "library" >"$root/var/lib/omb/library.db"
echo "a song" >"$root/var/lib/omb/media/ab12.mp3"
echo "OMB_AUTH_TOKEN=parent-secret" >>"$root/etc/omb/omb-box.env"
(cd "$root/var/lib/omb" && find . -type f -exec sha256sum {} + | sort) >"$work/data-before"
cp "$jar" "$work/new.jar"
(cd "$work" && echo "version 2" >upgrade-marker.txt && zip -q new.jar upgrade-marker.txt)
log=$work/log3
install_into "$root" "$log" amd64 --jar "$work/new.jar"
check "upgrade exits 0" test $? = 0
(cd "$root/var/lib/omb" && find . -type f -exec sha256sum {} + | sort) >"$work/data-after"
check "upgrade keeps the library" cmp "$work/data-before" "$work/data-after"
check "upgrade keeps the settings" grep -qx OMB_AUTH_TOKEN=parent-secret "$root/etc/omb/omb-box.env"
check "upgrade installs the new jar" sh -c "unzip -Z1 $root/opt/omb/lib/edge-agent.jar | grep -qx upgrade-marker.txt"
check "upgrade builds the archive again" grep -q '^java -XX:ArchiveClassesAtExit=' "$log"

# --- the other architectures keep only their own natives --------------------------------------------
for arch in arm64 armhf; do
  case $arch in
    arm64) own='natives/linux-aarch64/|/Linux/aarch64/|^lib/aarch64/|_aarch_64\.so$' ;;
    armhf) own='natives/linux-(arm|armhf|aarch32)/|/Linux/(arm|armv6|armv7)/|^lib/armhf/' ;;
  esac
  new_root "$work/root-$arch"
  install_into "$work/root-$arch" "$work/log-$arch" "$arch" --jar "$jar"
  natives "$work/root-$arch/opt/omb/lib/edge-agent.jar" >"$work/natives-$arch"
  check "$arch jar keeps its natives (lavaplayer, sqlite, pi4j)" \
    sh -c "grep -q libconnector $work/natives-$arch && grep -q sqlitejdbc $work/natives-$arch && grep -q pi4j $work/natives-$arch"
  check "$arch jar has no other platform's natives" sh -c "! grep -Ev '$own' $work/natives-$arch"
  case $arch in
    arm64) check "arm64 gets sqlite's aarch64 library beside the jar" \
      sh -c "unzip -p $work/root-arm64/opt/omb/lib/edge-agent.jar org/sqlite/native/Linux/aarch64/libsqlitejdbc.so | cmp -s - $work/root-arm64/opt/omb/lib/native/libsqlitejdbc.so" ;;
    armhf) check "armhf leaves sqlite to pick its ARM level itself" test ! -e "$work/root-armhf/opt/omb/lib/native" ;;
  esac
done

# --- uninstall keeps the library unless --purge -------------------------------------------------------
log=$work/log4
PATH=$pi/test/stubs:$PATH STUB_LOG=$log sh "$pi/uninstall.sh" --root "$root" >>"$work/install.out" 2>&1
check "uninstall exits 0" test $? = 0
check "uninstall removes the box" test ! -e "$root/opt/omb" -a ! -e "$root/etc/systemd/system/omb-box.service"
check "uninstall keeps the library" cmp "$work/data-before" /dev/stdin <<EOF
$(cd "$root/var/lib/omb" && find . -type f -exec sha256sum {} + | sort)
EOF
PATH=$pi/test/stubs:$PATH STUB_LOG=$log sh "$pi/uninstall.sh" --root "$root" --purge >>"$work/install.out" 2>&1
check "uninstall --purge removes library, settings and user" \
  sh -c "test ! -e $root/var/lib/omb -a ! -e $root/etc/omb && grep -qx 'userdel omb' $log && ! grep -q '^omb:' $root/etc/passwd"

# --- the launcher with a real JVM ---------------------------------------------------------------------
port=${OMB_PI_TEST_PORT:-18794}
box() { # box NAME [env...]: starts the launcher on the stripped jar, answers 0 once health is 200
  name=$1
  shift
  mkdir -p "$work/$name"
  env OMB_JAR="$stripped" OMB_DATA_DIR="$work/$name" OMB_BIND=127.0.0.1 OMB_HTTP_PORT=$port \
    OMB_SOCKETIO_PORT=$((port + 1)) "$@" "$pi/omb-box" >"$work/$name.log" 2>&1 &
  box_pid=$!
  deadline=$(($(date +%s) + 60))
  until curl -sf -o /dev/null "http://127.0.0.1:$port/api/health"; do
    if ! kill -0 "$box_pid" 2>/dev/null || [ "$(date +%s)" -ge "$deadline" ]; then
      tail -n 5 "$work/$name.log" >&2
      return 1
    fi
    sleep 0.1
  done
}
stop_box() { kill -TERM "$box_pid"; wait "$box_pid"; rc=$?; box_pid=""; return $((rc != 143)); }
flags="$(sed -e 's/#.*//' "$pi/jvm-flags" | tr '\n' ' ')"
check "launcher starts the stripped jar, dumping an archive" box dump OMB_CDS_DUMP=1
check "SIGTERM stops it with 143" stop_box
check "the archive is written" test -s "${stripped%.jar}.jsa"
check "the box starts on that archive (-Xshare:on)" box shared OMB_JAVA_OPTS="$flags -Xshare:on"
check "SIGTERM stops it with 143" stop_box
echo "not an archive" >"${stripped%.jar}.jsa"
check "a broken archive does not stop the box" box broken
check "SIGTERM stops it with 143" stop_box
# sqlite's library beside the jar, as install.sh leaves it: loaded from there, nothing extracted to the temp
# folder (looked at while the box runs: sqlite-jdbc deletes its copy when the JVM exits). Without it, a copy.
native_dir=$(dirname "$stripped")/native
mkdir -p "$work/sqlite-tmp" "$work/sqlite-tmp2" "$native_dir"
unzip -p "$stripped" org/sqlite/native/Linux/x86_64/libsqlitejdbc.so >"$native_dir/libsqlitejdbc.so"
check "the box starts on sqlite's library beside the jar" box native OMB_JAVA_OPTS="$flags -Djava.io.tmpdir=$work/sqlite-tmp"
check "sqlite copied nothing to the temp folder" sh -c "! ls $work/sqlite-tmp | grep -q sqlitejdbc"
check "SIGTERM stops it with 143" stop_box
rm -rf "$native_dir"
check "without it the box starts too" box plain OMB_JAVA_OPTS="$flags -Djava.io.tmpdir=$work/sqlite-tmp2"
check "and sqlite copies its library to the temp folder" sh -c "ls $work/sqlite-tmp2 | grep -q sqlitejdbc"
check "SIGTERM stops it with 143" stop_box

if [ "$failed" -gt 0 ]; then
  echo "install.sh output:" >&2
  cat "$work/install.out" >&2
fi
echo "pi install: $passed passed, $failed failed"
[ "$failed" = 0 ]
