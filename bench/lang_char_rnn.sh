#!/bin/sh
# Lesson 16's min-char-rnn training loop, written in the language (examples/min_char_rnn.ur
# holds it word for word), against the numpy and PyTorch peers of ../shared/bench, all
# pinned to one CPU (UNROLL_BENCH_CPU, default 0) with one BLAS thread, in one run.
#
#   bench/lang_char_rnn.sh                 # H=100/T=25 and H=256/T=50, 5 repetitions, memory after 400/4,000/20,000
#   bench/lang_char_rnn.sh --quick         # one repetition, memory after 400 and 4,000
#   bench/lang_char_rnn.sh --sizes 100x25
#   bench/lang_char_rnn.sh --memory 400,4000   # skip the long 20,000-iteration memory runs
set -eu
cd "$(dirname "$0")/.."
swift build -c release --product unroll >/dev/null
exec taskset -c "${UNROLL_BENCH_CPU:-0}" python3 bench/lang_char_rnn.py "$@"
