#!/bin/sh
# The min-char-rnn training benchmark: the native kernels against the numpy peer,
# both pinned to CPU 0 with one BLAS thread, measured in the same run.
#
#   bench/train.sh            # full run (2000 / 1000 / 300 iterations)
#   bench/train.sh --quick    # a tenth of the iterations
#   PORTABLE=1 bench/train.sh # build for the generic x86-64 baseline instead of this CPU
#
# By default the release build targets the host CPU's instruction set
# (`-target-cpu` from the compiler's host detection, e.g. AVX2 on Zen 3), the way
# numpy's BLAS and XLA dispatch at run time; the kernels never fuse multiply and
# add, so the numbers are identical in either build. Peers: ../shared/bench.
set -eu
cd "$(dirname "$0")/.."
if [ "${PORTABLE:-0}" = 1 ]; then
  swift build -c release --product UnrollBench >/dev/null
  BIN=.build/release/UnrollBench
else
  CPU=$(clang -### -march=native -x c /dev/null 2>&1 | tr ' ' '\n' | grep -A1 '"-target-cpu"' | tail -1 | tr -d '"' || true)
  CPU=${CPU:-x86-64}
  swift build -c release --product UnrollBench --scratch-path .build-native -Xswiftc -target-cpu -Xswiftc "$CPU" >/dev/null
  BIN=.build-native/release/UnrollBench
  echo "built for -target-cpu $CPU"
fi
exec taskset -c 0 "$BIN" train --peer-dir ../shared/bench "$@"
