#!/usr/bin/env bash
# Measures the agent's overhead on each library's training loop (BENCHMARKS.md, "Framework overhead").
# Runs each test trainer alternately without and with the shaded agent (observe mode, nothing
# recorded by the trainer), takes the training loop's own time (trainMillis, JVM start excluded) and
# prints the median of each and their ratio. Build first:
#   mvn -B -pl frameworks-it -am verify -DskipTests
# Usage: frameworks-it/overhead.sh [runs per mode, default 5]   (Smile needs NFIWATCH_JDK25)
set -euo pipefail
cd "$(dirname "$0")"
runs="${1:-5}"
agent="../agent/target/nfiwatch-agent.jar"
classpath="target/test-classes:$(cat target/trainer.classpath)"
[ -f "$agent" ] || { echo "overhead.sh: $agent missing; build first" >&2; exit 1; }

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# measure NAME JAVA CLASSPATH MAIN ARGS...
measure() {
  local name="$1" java="$2" cp="$3" main="$4"
  shift 4
  local plain=() watched=()
  for ((i = 0; i < runs; i++)); do
    plain+=("$("$java" "${jvm_options[@]}" -cp "$cp" "$main" "$@" 2>/dev/null | sed -n 's/^trainMillis=//p')")
    watched+=("$("$java" "${jvm_options[@]}" -javaagent:"$agent"=port=0 -cp "$cp" "$main" "$@" 2>/dev/null \
      | sed -n 's/^trainMillis=//p')")
  done
  local p w
  p="$(printf '%s\n' "${plain[@]}" | median)"
  w="$(printf '%s\n' "${watched[@]}" | median)"
  printf '%-7s plain %6s ms  agent %6s ms  ratio %s   (runs: plain %s; agent %s)\n' "$name" "$p" "$w" \
    "$(awk -v a="$w" -v b="$p" 'BEGIN { printf "%.3f", a / b }')" "${plain[*]}" "${watched[*]}"
}

jvm_options=(-Xmx1g)
measure tribuo java "$classpath" dev.nfiwatch.it.frameworks.tribuo.TribuoTrainer 20000 5 32 -
OMP_NUM_THREADS=1 measure dl4j java "$classpath" dev.nfiwatch.it.frameworks.dl4j.Dl4jTrainer 2000 10 64 0.03 -
if [ -n "${NFIWATCH_JDK25:-}" ]; then
  mkdir -p target/smile-classes
  "$NFIWATCH_JDK25/bin/javac" -cp "$classpath" -d target/smile-classes \
    $(find src/smile/java -name '*.java')
  jvm_options=(-Xmx1g --enable-native-access=ALL-UNNAMED)
  OPENBLAS_NUM_THREADS=1 measure smile "$NFIWATCH_JDK25/bin/java" "target/smile-classes:$classpath" \
    dev.nfiwatch.it.frameworks.smile.SmileTrainer 5000 20 32 -
else
  echo "smile   skipped: NFIWATCH_JDK25 is not set"
fi
printf 'shaded agent jar: %s bytes\n' "$(stat -c %s "$agent")"
