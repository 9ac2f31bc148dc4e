#!/bin/sh
# Store throughput: library changes applied into PostgreSQL per second (see README.md here).
# Usage: bench/store/run.sh [--changes 20000] [--batch 50] [--devices 4] [--warmup 2000]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
mvn -q -B install -pl shared-model -DskipTests
mvn -q -B test-compile -pl cloud-functions
mvn -q -B dependency:build-classpath -pl cloud-functions -Dmdep.includeScope=test \
    -Dmdep.outputFile="$root/cloud-functions/target/bench-classpath.txt"
cp="cloud-functions/target/test-classes:cloud-functions/target/classes:$(cat cloud-functions/target/bench-classpath.txt)"
exec java ${OMB_JAVA_OPTS:-} -Dlogback.configurationFile="$root/bench/store/logback.xml" \
    -cp "$cp" org.openmusicbox.cloud.bench.StoreThroughput "$@"
