#!/bin/sh
# The language's own min-char-rnn loop (examples/min_char_rnn.ur) against the numpy and
# PyTorch peers of ../shared/bench, all pinned to CPU 0 with one BLAS thread, in one run.
#
#   bench/lang_char_rnn.sh                 # H=100/T=25 and H=256/T=50, memory after 400/4,000/20,000
#   bench/lang_char_rnn.sh --quick         # one repetition, memory after 400 and 4,000
#   bench/lang_char_rnn.sh --sizes 100x25
set -eu
cd "$(dirname "$0")/.."
swift build -c release --product unroll >/dev/null
exec taskset -c 0 python3 bench/lang_char_rnn.py "$@"
