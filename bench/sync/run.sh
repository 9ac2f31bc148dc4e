#!/bin/sh
# Box <-> cloud sync benchmarks (see README.md here). Usage:
#   bench/sync/run.sh drain    [--smoke] [--edits 20000] [--playlists 100] [--threads 4]
#   bench/sync/run.sh converge [--smoke] [--edits 1000] [--cloud-edits 1000] [--playlists 50]
#   bench/sync/run.sh many     [--smoke] [--boxes 50] [--batches 10] [--batch 20]
#   bench/sync/run.sh relay    [--smoke] [--requests 500]
#   bench/sync/run.sh viewers  [--smoke] [--viewers 200] [--rate 5] [--seconds 30]
# Prints one JSON object of figures; exit 0 when every change was answered exactly once, 1 when not, 2 on misuse.
# OMB_BENCH_SKIP_BUILD=1 skips the build; OMB_BENCH_REPACKAGE=1 packages the two jars even when they exist.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
case "${1:-}" in
  drain) main=OutboxDrainRate ;;
  converge) main=ConvergeAfterOffline ;;
  many) main=ManyBoxes ;;
  relay) main=RelayRoundTrip ;;
  viewers) main=RemoteFanout ;;
  *) echo "usage: $0 drain|converge|many|relay|viewers [--smoke] [options]" >&2; exit 2 ;;
esac
shift
cpfile="$root/e2e/target/bench-classpath.txt"
if [ "${OMB_BENCH_SKIP_BUILD:-}" != 1 ]; then
  if [ "${OMB_BENCH_REPACKAGE:-}" = 1 ] || [ ! -f edge-agent/target/edge-agent.jar ] \
      || [ ! -f cloud-functions/target/cloud-functions.jar ]; then
    mvn -B -q -pl edge-agent,cloud-functions -am package -DskipTests
  fi
  mvn -B -q -pl e2e -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$cpfile"
fi
cp="e2e/target/test-classes:$(cat "$cpfile")"
logs="$root/e2e/target/bench-logs"
mkdir -p "$logs"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); logs in $logs" >&2
exec java ${OMB_BENCH_JAVA_OPTS:-} \
    -Domb.e2e.edge-jar="$root/edge-agent/target/edge-agent.jar" \
    -Domb.e2e.cloud-jar="$root/cloud-functions/target/cloud-functions.jar" \
    -Domb.e2e.infra="$root/infra/mosquitto" \
    -Domb.e2e.logs="$logs" \
    -Domb.bench.box-jvm="$root/bench/sync/design-jvm.sh" \
    -cp "$cp" "org.openmusicbox.e2e.bench.$main" "$@"
