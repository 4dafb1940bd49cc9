#!/usr/bin/env bash
# Runs every nfiwatch test. Installs what the tests need when it is missing (Debian's
# prometheus, prometheus-alertmanager, prometheus-pushgateway, chromium, chromium-driver and libopenblas-dev), finds the
# JDK 25 for the cross-JDK tests, then runs the Maven build with its unit and integration tests.
# Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
{ command -v promtool && command -v prometheus; } >/dev/null 2>&1 || missing+=(prometheus)
command -v amtool >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
command -v prometheus-pushgateway >/dev/null 2>&1 || missing+=(prometheus-pushgateway)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
# Smile 6 (framework probe tests) calls the system's OpenBLAS by name.
{ ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep -q 'libopenblas\.so ' || missing+=(libopenblas-dev)
if ((${#missing[@]})); then
  echo "test.sh: installing ${missing[*]} from Debian's packages"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# JDK 25 (NFIWATCH_JDK25 wins; otherwise the first JDK 25 installed beside the default one).
if [ -z "${NFIWATCH_JDK25:-}" ]; then
  for candidate in /usr/lib/jvm/*-25-* /usr/lib/jvm/*25*; do
    if [ -x "$candidate/bin/java" ]; then NFIWATCH_JDK25="$candidate"; break; fi
  done
fi
export NFIWATCH_JDK25="${NFIWATCH_JDK25:-}"
echo "test.sh: JDK 25 for cross-JDK tests: ${NFIWATCH_JDK25:-none found}"

# The forked demos run their products on one OpenBLAS thread, as demo.sh does by default (tests
# that compare thread counts set it per process): the suite runs several JVMs at once.
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"

exec mvn -B verify "$@"
