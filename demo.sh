#!/usr/bin/env bash
# Builds nfiwatch when needed and runs the demo trainer with the agent attached and the live page.
# Arguments go to the demo trainer (try --help); NFIWATCH_* variables configure the agent.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -f agent/target/nfiwatch-agent.jar ] || [ ! -f demo-trainer/target/nfiwatch-demo.jar ] \
   || [ -n "$(find pom.xml */pom.xml */src -newer agent/target/nfiwatch-agent.jar -print -quit 2>/dev/null)" ]; then
  echo "demo.sh: building nfiwatch (mvn package, tests skipped; ./test.sh runs them)"
  mvn -B -q -DskipTests package
fi
exec java -javaagent:agent/target/nfiwatch-agent.jar -jar demo-trainer/target/nfiwatch-demo.jar "$@"
