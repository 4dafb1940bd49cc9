#!/usr/bin/env bash
# Measures the agent's overhead on each library's training loop (BENCHMARKS.md, "Framework overhead").
# Runs each test trainer alternately without and with the shaded agent (observe mode, nothing
# recorded by the trainer), takes the training loop's own times (JVM start excluded): the training
# thread's CPU time (trainCpuMillis, little disturbed by other processes; the agent's readers run on
# that thread, its analysis on a background thread unless the probe switched to inline) and wall
# time (trainMillis), and prints the medians and their ratios. Build first:
#   mvn -B -pl frameworks-it -am verify -DskipTests
# Usage: frameworks-it/overhead.sh [runs per mode, default 5]   (Smile needs NFIWATCH_JDK25)
set -euo pipefail
cd "$(dirname "$0")"
runs="${1:-5}"
agent="../agent/target/nfiwatch-agent.jar"
classpath="target/test-classes:$(cat target/trainer.classpath)"
[ -f "$agent" ] || { echo "overhead.sh: $agent missing; build first" >&2; exit 1; }

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# run JAVA CLASSPATH MAIN ARGS... -> "cpuMillis wallMillis" of one run
run() {
  local out
  out="$("$@" 2>/dev/null)"
  echo "$(sed -n 's/^trainCpuMillis=//p' <<<"$out") $(sed -n 's/^trainMillis=//p' <<<"$out")"
}

# measure NAME JAVA CLASSPATH MAIN ARGS...
measure() {
  local name="$1" java="$2" cp="$3" main="$4"
  shift 4
  local plain=() watched=()
  for ((i = 0; i < runs; i++)); do
    plain+=("$(run "$java" "${jvm_options[@]}" -cp "$cp" "$main" "$@")")
    watched+=("$(run "$java" "${jvm_options[@]}" -javaagent:"$agent"=port=0 -cp "$cp" "$main" "$@")")
  done
  local pc wc pw ww
  pc="$(printf '%s\n' "${plain[@]}" | cut -d' ' -f1 | median)"
  wc="$(printf '%s\n' "${watched[@]}" | cut -d' ' -f1 | median)"
  pw="$(printf '%s\n' "${plain[@]}" | cut -d' ' -f2 | median)"
  ww="$(printf '%s\n' "${watched[@]}" | cut -d' ' -f2 | median)"
  printf '%-7s thread CPU: plain %6s ms, agent %6s ms, ratio %s | wall: plain %6s ms, agent %6s ms, ratio %s\n' \
    "$name" "$pc" "$wc" "$(awk -v a="$wc" -v b="$pc" 'BEGIN { printf "%.3f", a / b }')" \
    "$pw" "$ww" "$(awk -v a="$ww" -v b="$pw" 'BEGIN { printf "%.3f", a / b }')"
}

jvm_options=(-Xmx2g)
measure tribuo java "$classpath" dev.nfiwatch.it.frameworks.tribuo.TribuoTrainer 200000 5 32 -
jvm_options=(-Xmx1g)
OMP_NUM_THREADS=1 measure dl4j java "$classpath" dev.nfiwatch.it.frameworks.dl4j.Dl4jTrainer 2000 10 64 0.03 -
if [ -n "${NFIWATCH_JDK25:-}" ]; then
  mkdir -p target/smile-classes
  "$NFIWATCH_JDK25/bin/javac" -cp "$classpath:$agent" -d target/smile-classes \
    $(find src/smile/java -name '*.java')
  jvm_options=(-Xmx1g --enable-native-access=ALL-UNNAMED)
  OPENBLAS_NUM_THREADS=1 measure smile "$NFIWATCH_JDK25/bin/java" "target/smile-classes:$classpath" \
    dev.nfiwatch.it.frameworks.smile.SmileTrainer 5000 60 32 -
else
  echo "smile   skipped: NFIWATCH_JDK25 is not set"
fi
printf 'shaded agent jar: %s bytes\n' "$(stat -c %s "$agent")"
