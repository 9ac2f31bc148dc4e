#!/bin/sh
# Runs the box the e2e harness starts ("java <its flags> -jar edge-agent.jar") with the design's small-footprint
# JVM flags instead (bench/agent.mjs DESIGN_JAVA_OPTS), or with OMB_JAVA_OPTS when set: benchmarks measure the box
# as it is deployed. The harness gives this script as the command prefix of the box.
set -eu
[ "$1" = java ] || { echo "design-jvm.sh: expected a java command, got $1" >&2; exit 2; }
shift
while [ $# -gt 0 ] && [ "$1" != -jar ]; do shift; done
[ $# -gt 0 ] || { echo "design-jvm.sh: no -jar in the command" >&2; exit 2; }
design="-Xms8m -Xmx64m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1
-XX:MaxMetaspaceSize=96m -XX:ReservedCodeCacheSize=32m -XX:MaxDirectMemorySize=32m
-XX:-UsePerfData -Dio.netty.allocator.type=unpooled"
# Word splitting of the flags is wanted here.
# shellcheck disable=SC2086
exec java ${OMB_JAVA_OPTS:-$design} "$@"
