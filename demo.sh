#!/usr/bin/env bash
# The main job: builds the agent and the demo trainer when needed, then runs the demo trainer
# (default: the fp32 slingshot preset) with the agent attached. The agent prints the live page's
# URL (http://127.0.0.1:9941/ by default); the page stays up for 10 minutes after training ends
# (Ctrl-C ends it sooner; pass your own --linger SECONDS to change that).
# Arguments go to the demo trainer (try --help); NFIWATCH_* variables configure the agent.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -f agent/target/nfiwatch-agent.jar ] || [ ! -f demo-trainer/target/nfiwatch-demo.jar ] \
   || [ -n "$(find pom.xml signals agent demo-trainer -newer agent/target/nfiwatch-agent.jar \
                 \( -name pom.xml -o -path '*/src/*' \) -print -quit 2>/dev/null)" ]; then
  echo "demo.sh: building the agent and the demo trainer (tests skipped; ./test.sh runs them)"
  mvn -B -q -DskipTests -pl agent,demo-trainer -am package
fi
linger=(--linger 600)
for arg in "$@"; do
  case "$arg" in --linger|--linger=*|-h|--help|-V|--version) linger=() ;; esac
done
exec java -javaagent:agent/target/nfiwatch-agent.jar -jar demo-trainer/target/nfiwatch-demo.jar \
  "${linger[@]}" "$@"
