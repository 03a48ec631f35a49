#!/usr/bin/env bash
# Runs every benchmark scenario of issue 8 and writes bench/RESULTS.md.
#
#   bench/run.sh [--quick] [--only 4,2,8] [--no-build] [--stack-env FILE] [--jfr]
#
#   --quick          short iterations and small counts (a few minutes): proves the harness, rough figures
#   --only LIST      scenarios to run (default: all); the others are listed, not measured
#   --no-build       use bench/target as built (skip Maven)
#   --stack-env FILE stack.env of a running integration-tests/stack (scenarios 1, 5, 6 need the stack + cloud)
#   --jfr            forked JVMs record JFR into bench/target/jfr/ (for profiling a missed target)
#
# Needs: Java 17, Maven, mosquitto on PATH (scenarios 1, 3). Never run by CI: benchmarks live outside
# the default build (root pom profile "bench").
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

build=true
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) args+=(--quick) ;;
    --only) args+=(--only "$2"); shift ;;
    --no-build) build=false ;;
    --stack-env) args+=(--stack-env "$(realpath "$2")"); shift ;;
    --jfr)
      mkdir -p bench/target/jfr
      args+=(--jvm-arg "-XX:StartFlightRecording=settings=profile,filename=$root/bench/target/jfr/")
      ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

if $build; then
  echo "Building bench and the modules it measures (mvn -Pbench -pl bench -am)..."
  # lock.events, lock.simulator and lock.router are not compile dependencies of bench: scenarios 7 and 8 copy their jars;
  # scenario 8's second row starts the exported gateway.jar with the signed packages of its demo image (gateway.runtime)
  mvn -q -B -Pbench -DskipTests \
      -pl bench,bundles/com.nexefii.lock.events,bundles/com.nexefii.lock.simulator,bundles/com.nexefii.lock.router,bundles/com.nexefii.gateway.runtime \
      -am install
fi

echo "Load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
cd bench
mkdir -p target
java -cp "target/classes:$(cat target/classpath.txt)" com.nexefii.bench.BenchMain \
    --out RESULTS.md --work target/bench-work --gateway-bundles target/gateway-bundles \
    --gateway-jar "$root/bundles/com.nexefii.gateway.runtime/target/gateway.jar" \
    --findings FINDINGS.md "${args[@]}" 2>&1 | tee target/bench.log
