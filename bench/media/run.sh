#!/bin/sh
# Upload processing throughput against s3proxy (see README.md here).
# Usage: bench/media/run.sh [--small 200] [--small-mb 1] [--large 20] [--large-mb 20] [--workers 2] [--out FILE]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
mvn -q -B install -pl shared-model -DskipTests
mvn -q -B test-compile -pl cloud-functions
mvn -q -B dependency:build-classpath -pl cloud-functions -Dmdep.includeScope=test \
    -Dmdep.outputFile="$root/cloud-functions/target/bench-classpath.txt"
cp="cloud-functions/target/test-classes:cloud-functions/target/classes:$(cat cloud-functions/target/bench-classpath.txt)"
exec java ${OMB_JAVA_OPTS:--Xmx256m} -Dlogback.configurationFile="$root/bench/media/logback.xml" \
    -cp "$cp" org.openmusicbox.cloud.bench.UploadThroughput "$@"
