#!/usr/bin/env python3
"""Start-up benchmark: how fast Unroll answers, next to importing numpy.

Measures, in one run and with medians over repetitions:
  * time to the first `In [1]:` prompt in a pseudo-terminal;
  * the round trip of a trivial expression over a pipe (`echo '1 + 1' | unroll`),
    i.e. process start, evaluation and exit;
  * `python3 -c 'import numpy'` for comparison.

Usage: python3 bench/startup.py [--bin .build/release/unroll] [--reps 20]
Build first with `swift build -c release`.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

import pexpect


def median_ms(samples):
    return statistics.median(samples) * 1000


def first_prompt(binary, env):
    start = time.perf_counter()
    child = pexpect.spawn(binary, env=env, encoding="utf-8", timeout=30)
    child.expect(r"In \[1\]: ")
    elapsed = time.perf_counter() - start
    child.sendeof()
    child.expect(pexpect.EOF)
    return elapsed


def timed(cmd, env, stdin=None):
    start = time.perf_counter()
    subprocess.run(cmd, input=stdin, env=env, capture_output=True, text=True, check=True)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=os.path.join(os.path.dirname(__file__), "..", ".build", "release", "unroll"))
    parser.add_argument("--reps", type=int, default=20)
    args = parser.parse_args()
    binary = os.path.abspath(args.bin)
    if not os.path.exists(binary):
        sys.exit(f"{binary} is missing; run `swift build -c release` first")
    with tempfile.TemporaryDirectory() as data:
        env = dict(os.environ, XDG_DATA_HOME=data, NO_COLOR="1", TERM="xterm")
        timed([binary], env, "1 + 1\n")  # warm the file cache
        prompt = [first_prompt(binary, env) for _ in range(args.reps)]
        pipe = [timed([binary], env, "1 + 1\n") for _ in range(args.reps)]
        numpy = [timed([sys.executable, "-c", "import numpy"], env) for _ in range(args.reps)]
    rows = [
        ("unroll: first prompt (pty)", median_ms(prompt)),
        ("unroll: '1 + 1' over a pipe, start to exit", median_ms(pipe)),
        ("python3 -c 'import numpy'", median_ms(numpy)),
    ]
    print(f"{'what':45} {'median ms':>10}")
    for name, ms in rows:
        print(f"{name:45} {ms:10.1f}")
    print(f"\nfirst prompt is {median_ms(numpy) / median_ms(prompt):.1f}x faster than importing numpy "
          f"(target: first prompt under 50 ms: {'met' if median_ms(prompt) < 50 else 'NOT met'})")


if __name__ == "__main__":
    main()
