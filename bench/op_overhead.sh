#!/bin/sh
# Interpreter and recording overhead: microseconds per operation on small tensors, the
# language against the same operations in numpy, pinned to one CPU (UNROLL_BENCH_CPU,
# default 0) with one BLAS thread, in one run.
#
#   bench/op_overhead.sh                       # H = 8 and H = 100, 3 repetitions
#   bench/op_overhead.sh --sizes 8 --repeats 1
set -eu
cd "$(dirname "$0")/.."
swift build -c release --product unroll >/dev/null
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \
    exec taskset -c "${UNROLL_BENCH_CPU:-0}" python3 bench/op_overhead.py "$@"
