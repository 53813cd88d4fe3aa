#!/usr/bin/env bash
# HTTP load benchmark of the packaged sample app: requests/s of one cached endpoint per cache driver.
#
#   benchmarks/http.sh                              # memory redis tiered: 40-180 s warm-up (until level), 5 rounds of 15 s
#   benchmarks/http.sh memory redis stock-memory stock-redis
#   benchmarks/http.sh --rounds 5 --duration 30 --connections 16 --path /rates/EUR-USD memory redis
#   benchmarks/http.sh --client java memory redis   # the JDK-only client even when wrk is installed
#   SKIP_BUILD=1 benchmarks/http.sh                 # reuse the last build
#
# Builds the sample app jar and the benchmarks module, then runs dev.cacheplatform.benchmarks.http.HttpBenchmark:
# one redis-server (test-support's) and one `java -jar` sample app per driver, wrk as the load client
# when it is on the PATH (else a Java client: a JDK 17+ is all it needs). See benchmarks/README.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

if [[ -z "${SKIP_BUILD:-}" ]]; then
  # package, not install: the run reads the reactor's own jars, nothing goes to ~/.m2
  ./mvnw -q -B -pl sample-app,benchmarks -am package -Dmaven.test.skip=true
fi

target="$here/target"
sample_jar=("$root"/sample-app/target/cache-platform-sample-app-*.jar)
if [[ ! -f "$target/benchmark.classpath" || ! -f "${sample_jar[0]}" ]]; then
  echo "No $target/benchmark.classpath or sample app jar: build first (run without SKIP_BUILD)" >&2
  exit 1
fi

# Run from a private copy of the jars (the sample app's too): a build during a run must not pull them out
# from under the running JVMs.
snapshot="$(mktemp -d "${TMPDIR:-/tmp}/cache-platform-http.XXXXXX")"
trap 'rm -rf "$snapshot"' EXIT
cp "${sample_jar[0]}" "$snapshot/"
benchmark_jar=("$target"/cache-platform-benchmarks-*.jar)
cp "${benchmark_jar[0]}" "$snapshot/"
classpath="$snapshot/$(basename "${benchmark_jar[0]}")"
IFS=":" read -r -a entries < "$target/benchmark.classpath" || true  # no trailing newline
for entry in "${entries[@]}"; do
  if [[ "$entry" == "$root"/* && -f "$entry" ]]; then
    cp "$entry" "$snapshot/"
    entry="$snapshot/$(basename "$entry")"
  fi
  classpath="$classpath:$entry"
done

# The load client, the app and Redis share the machine's cores: other load skews every number
echo "# $(nproc) cores, $(java -version 2>&1 | head -1), load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
status=0
java -cp "$classpath" dev.cacheplatform.benchmarks.http.HttpBenchmark \
  --jar "$snapshot/$(basename "${sample_jar[0]}")" "$@" || status=$?
echo "# load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
