#!/bin/sh
# The min-char-rnn training benchmark: the native kernels against the numpy peer,
# both pinned to CPU 0 with one BLAS thread, measured in the same run.
#
#   bench/train.sh                          # full run (2000 / 1000 / 300 iterations)
#   bench/train.sh --quick                  # a tenth of the iterations
#   UNROLL_KERNELS=baseline bench/train.sh  # force the baseline x86-64 build of the kernels
#
# A plain release build: the kernels are compiled twice (baseline x86-64 and AVX2)
# and the process picks the AVX2 build when the CPU has it, the way numpy's BLAS and
# XLA dispatch at run time. Both builds compute identical numbers. Peers: ../shared/bench.
set -eu
cd "$(dirname "$0")/.."
swift build -c release --product UnrollBench >/dev/null
exec taskset -c 0 .build/release/UnrollBench train --peer-dir ../shared/bench "$@"
