#!/usr/bin/env bash
# The main job: builds the agent and the demo trainer when needed, then runs the demo trainer
# (default: the fp32 slingshot preset) with the agent attached. The agent prints the live page's
# URL (http://127.0.0.1:9941/ by default); the page stays up for 10 minutes after training ends
# (Ctrl-C ends it sooner; pass your own --linger SECONDS to change that).
# Arguments go to the demo trainer (try --help); NFIWATCH_* variables configure the agent.
# The matrix products run in the system's OpenBLAS (installed from Debian's packages when missing;
# without it the demo trains in Java and says so), with as many threads as --threads (default 1).
set -euo pipefail
cd "$(dirname "$0")"
if ! { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep -q 'libblas\.so\.3 '; then
  echo "demo.sh: installing libopenblas0 from Debian's packages (the demo's matrix products)"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  { $sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q \
      --no-install-recommends libopenblas0; } \
    || echo "demo.sh: could not install libopenblas0; the demo trains with Java kernels instead"
fi
if [ ! -f agent/target/nfiwatch-agent.jar ] || [ ! -f demo-trainer/target/nfiwatch-demo.jar ] \
   || [ -n "$(find pom.xml signals agent demo-trainer -newer agent/target/nfiwatch-agent.jar \
                 \( -name pom.xml -o -path '*/src/*' \) -print -quit 2>/dev/null)" ]; then
  echo "demo.sh: building the agent and the demo trainer (tests skipped; ./test.sh runs them)"
  mvn -B -q -DskipTests -pl agent,demo-trainer -am package
fi
linger=(--linger 600)
threads=1
previous=""
for arg in "$@"; do
  case "$arg" in --linger|--linger=*|-h|--help|-V|--version) linger=() ;; esac
  case "$arg" in --threads=*) threads="${arg#--threads=}" ;; esac
  [ "$previous" = --threads ] && threads="$arg"
  previous="$arg"
done
# OpenBLAS reads its thread count once, when it loads.
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-$threads}"
# The Vector API runs the softmax, the statistics and the column sums in SIMD (same results as
# without it; the JDK prints one WARNING line about the incubator module).
exec java --add-modules jdk.incubator.vector -javaagent:agent/target/nfiwatch-agent.jar \
  -jar demo-trainer/target/nfiwatch-demo.jar \
  "${linger[@]}" "$@"
