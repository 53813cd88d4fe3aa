#!/usr/bin/env bash
# Builds the benchmarks (and the modules they use) and runs JMH on the module's classpath.
#
#   benchmarks/run.sh                          # everything, defaults -f 1 -wi 3 -w 2s -i 5 -r 3s
#   benchmarks/run.sh RedisHitLatency          # a regex of benchmarks; JMH options pass through
#   benchmarks/run.sh -wi 1 -i 3 -prof stack RedisHitLatency.cachePlatform
#   SKIP_BUILD=1 benchmarks/run.sh -l          # reuse the last build, list the benchmarks
#
# Options given replace the defaults. Needs only a JDK 17+:
# test-support starts its own redis-server.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

if [[ -z "${SKIP_BUILD:-}" ]]; then
  ./mvnw -q -B -pl benchmarks -am install -DskipTests
fi

target="$here/target"
if [[ ! -f "$target/benchmark.classpath" ]]; then
  echo "No $target/benchmark.classpath: build first (run without SKIP_BUILD)" >&2
  exit 1
fi

# Run from a private copy of the benchmark jar and the sibling modules' jars: a build of the project
# during a run (which compiles or cleans benchmarks/target too) must not pull classes out from under
# JMH's forked JVMs.
snapshot="$(mktemp -d "${TMPDIR:-/tmp}/cache-platform-benchmarks.XXXXXX")"
trap 'rm -rf "$snapshot"' EXIT
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

# Defaults for the options not given (JMH refuses an option given twice)
defaults=()
for option in "-f 1" "-wi 3" "-w 2s" "-i 5" "-r 3s"; do
  name="${option%% *}"
  given=false
  for arg in "$@"; do
    if [[ "$arg" == "$name" ]]; then
      given=true
    fi
  done
  if [[ "$given" == false ]]; then
    defaults+=("$name" "${option#* }")
  fi
done

# Other load on the machine skews every number: say how busy it was
echo "# $(nproc) cores, load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
status=0
java -cp "$classpath" org.openjdk.jmh.Main "${defaults[@]}" "$@" || status=$?
echo "# load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
