#!/bin/sh
# Removes the box that install.sh installed. Keeps the library (/var/lib/omb) and the settings (/etc/omb)
# unless --purge. Leaves the packages, the groups and the config.txt lines (I2C, the sound card overlay),
# which other programs may use.
#
#   sudo infra/pi/uninstall.sh [--purge] [--root DIR]
set -eu
root=""
purge=0
while [ $# -gt 0 ]; do
  case $1 in
    --root) root=$(cd "$2" && pwd); shift 2 ;;
    --purge) purge=1; shift ;;
    -h | --help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "uninstall.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
target() {
  if [ -n "$root" ]; then chroot "$root" "$@"; else "$@"; fi
}

if [ -f "$root/etc/systemd/system/omb-box.service" ]; then
  if [ -n "$root" ]; then
    target systemctl disable omb-box.service omb-box-health.timer
  else
    systemctl disable --now omb-box-health.timer omb-box.service
  fi
fi
rm -f "$root/etc/systemd/system/omb-box.service" "$root/etc/systemd/system/omb-box-health.service" \
  "$root/etc/systemd/system/omb-box-health.timer" "$root/etc/avahi/services/omb-box.service" \
  "$root/etc/modules-load.d/omb-box.conf" "$root/etc/udev/rules.d/60-omb-box.rules"
if [ -f "$root/etc/asound.conf" ] && grep -q '^# omb-box' "$root/etc/asound.conf"; then
  rm -f "$root/etc/asound.conf"
fi
rm -rf "$root/opt/omb"
[ -n "$root" ] || systemctl daemon-reload

if [ "$purge" = 1 ]; then
  rm -rf "$root/var/lib/omb" "$root/etc/omb"
  if grep -q '^omb:' "$root/etc/passwd" 2>/dev/null; then target userdel omb; fi
  echo "uninstall.sh: removed the box, its library and its settings"
else
  echo "uninstall.sh: removed the box; kept its library /var/lib/omb and settings /etc/omb (--purge removes them)"
fi
