#!/usr/bin/env bash
# Prints the OpenBLAS kernels (an OPENBLAS_CORETYPE value) for this CPU's AVX-512 extensions, or
# nothing when the CPU has none. Debian 12's OpenBLAS 0.3.21 predates AMD Zen 5 and runs its AVX2
# (Haswell) kernels there; naming the AVX-512 ones made a reference run 1.25x faster with the same
# bits as on a Zen 4, where OpenBLAS picks them itself (README, "Threads and kernels").
# demo.sh and test.sh export the value unless OPENBLAS_CORETYPE is already set (set it empty to let
# OpenBLAS choose). The argument, if any, is a file to read instead of /proc/cpuinfo.
set -euo pipefail
flags=" $({ grep -m1 '^flags' "${1:-/proc/cpuinfo}" 2>/dev/null || true; } | cut -d: -f2-) "
has() { [[ "$flags" == *" $1 "* ]]; }
if has avx512f && has avx512bw && has avx512dq && has avx512vl; then
  if has avx512_bf16; then echo COOPERLAKE; else echo SKYLAKEX; fi
fi
