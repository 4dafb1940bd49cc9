#!/usr/bin/env bash
# The agent's overhead on realistic framework training loops, in one JVM per workload
# (BENCHMARKS.md, "Framework overhead"): each JVM runs with the shaded agent (default settings,
# port=0) and FrameworkOverheadHarness, which alternates blocks of library steps with the probe
# connected and disconnected (C D D C) and prints the training thread's CPU and wall ratios,
# connected / disconnected, with a 95 % interval and the median quad ratio. Build first:
#   mvn -B -pl frameworks-it -am verify -DskipTests
# Usage: frameworks-it/overhead-injvm.sh [workload…]   (default: all; Smile needs NFIWATCH_JDK25)
#   workloads: dl4j-mnist dl4j-wide tribuo-linear smile-mlp, and the tests' tiny shapes in steady
#   state: dl4j-tiny (16-32-10, batch 64), tribuo-tiny (6 features, 4 classes, mini-batch 32),
#   smile-tiny (8-16-5, mini-batch 32)
# Schedule: -Doverhead.quads, .block, .warmup, .untimed through HARNESS_OPTS (see the harness);
# further agent arguments (e.g. analysis=inline) through AGENT_ARGS.
set -euo pipefail
cd "$(dirname "$0")"
agent="../agent/target/nfiwatch-agent.jar"
classpath="target/test-classes:$(cat target/trainer.classpath)"
[ -f "$agent" ] || { echo "overhead-injvm.sh: $agent missing; build first" >&2; exit 1; }
harness=dev.nfiwatch.it.frameworks.overhead.FrameworkOverheadHarness
read -r -a options <<<"${HARNESS_OPTS:-}"

run() { # JAVA CLASSPATH JVM-OPTION… -- WORKLOAD ARGS…
  local java="$1" cp="$2"
  shift 2
  local jvm=()
  while [ "$1" != "--" ]; do jvm+=("$1"); shift; done
  shift
  "$java" -Xmx2g "${jvm[@]}" ${options[@]+"${options[@]}"} -javaagent:"$agent"=port=0${AGENT_ARGS:+,$AGENT_ARGS} -cp "$cp" \
    "$harness" "$@" 2>&1 | grep '^framework overhead\|ratio per quad'
}

smile() { # BLOCK WARM-UP WORKLOAD-ARGS…: Smile runs on JDK 25, its classes compiled here
  if [ -z "${NFIWATCH_JDK25:-}" ]; then echo "skipped: NFIWATCH_JDK25 is not set"; return; fi
  local block="$1" warmup="$2"
  shift 2
  mkdir -p target/smile-classes
  "$NFIWATCH_JDK25/bin/javac" -cp "$classpath:$agent" -d target/smile-classes $(find src/smile/java -name '*.java')
  OPENBLAS_NUM_THREADS=1 run "$NFIWATCH_JDK25/bin/java" "target/smile-classes:$classpath" \
    --enable-native-access=ALL-UNNAMED -Doverhead.block="$block" -Doverhead.warmup="$warmup" -- \
    dev.nfiwatch.it.frameworks.smile.SmileWorkload "$@"
}

workloads=("$@")
[ ${#workloads[@]} -gt 0 ] || workloads=(dl4j-mnist dl4j-wide tribuo-linear smile-mlp)
for workload in "${workloads[@]}"; do
  echo "== $workload"
  case "$workload" in
    dl4j-mnist) OMP_NUM_THREADS=1 run java "$classpath" -- \
        dev.nfiwatch.it.frameworks.dl4j.Dl4jWorkload 784,256,10 128 ;;
    dl4j-wide) OMP_NUM_THREADS=1 run java "$classpath" -Doverhead.block=20 -Doverhead.warmup=100 -- \
        dev.nfiwatch.it.frameworks.dl4j.Dl4jWorkload 3072,512,512,100 256 ;;
    dl4j-tiny) OMP_NUM_THREADS=1 run java "$classpath" -Doverhead.block=500 -Doverhead.warmup=5000 -- \
        dev.nfiwatch.it.frameworks.dl4j.Dl4jWorkload 16,32,10 64 ;;
    tribuo-linear) run java "$classpath" -Doverhead.block=100 -Doverhead.warmup=500 -- \
        dev.nfiwatch.it.frameworks.tribuo.TribuoWorkload 100 20 64 ;;
    tribuo-tiny) run java "$classpath" -Doverhead.block=1000 -Doverhead.warmup=10000 -- \
        dev.nfiwatch.it.frameworks.tribuo.TribuoWorkload 6 4 32 ;;
    smile-mlp) smile 100 500 100 128 10 64 ;;
    smile-tiny) smile 1000 10000 8 16 5 32 ;;
    *) echo "unknown workload $workload" >&2; exit 2 ;;
  esac
done
