#!/bin/sh
# Runs the box the e2e harness starts ("java <its flags> -jar edge-agent.jar") with the design's small-footprint
# JVM flags instead (infra/pi/jvm-flags, the list the launcher infra/pi/omb-box and bench/agent.mjs read), or with
# OMB_JAVA_OPTS when set: benchmarks measure the box as it is deployed. The harness gives this script as the command prefix of the box.
set -eu
[ "$1" = java ] || { echo "design-jvm.sh: expected a java command, got $1" >&2; exit 2; }
shift
while [ $# -gt 0 ] && [ "$1" != -jar ]; do shift; done
[ $# -gt 0 ] || { echo "design-jvm.sh: no -jar in the command" >&2; exit 2; }
design=$(sed -e 's/#.*//' "$(dirname "$0")/../../infra/pi/jvm-flags" | tr '\n' ' ')
# Word splitting of the flags is wanted here.
# shellcheck disable=SC2086
exec java ${OMB_JAVA_OPTS:-$design} "$@"
