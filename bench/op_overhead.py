#!/usr/bin/env python3
"""Interpreter and recording overhead: microseconds per operation on small tensors.

Runs loops of small-tensor operations written in the language (`unroll run`, release
build) and the same operations in numpy, in one run. Start it through
bench/op_overhead.sh, which builds the release binary and pins everything to one CPU.

Each workload is a loop body with a known number of operations (an operator, a call of
a builtin, a subscript that reads a tensor). The language program runs twice, for A and
B iterations; (t_B - t_A) / ((B - A) * operations per iteration) is the time per
operation with start-up taken out. numpy runs the same body in a timed Python loop, for
scale: numpy's own per-call overhead on tiny arrays is about a microsecond.

    bench/op_overhead.sh                 # H = 8 and H = 100, 3 repetitions, medians
    bench/op_overhead.sh --sizes 8 --repeats 1
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# name: (setup, body, operations in the body). The language and numpy versions read the
# same; {H} is the size. Every operation is on a tensor of at most H x H numbers.
WORKLOADS = {
    "elementwise": (
        "a = randn({H}, seed=1)\nb = randn({H}, seed=2)\nc = randn({H}, seed=3)\n",
        "  z = a * b + c - a\n  z = z * 0.5 + b\n",
        5,  # * + -  * +
        lambda H: dict(a=np.random.randn(H), b=np.random.randn(H), c=np.random.randn(H)),
        lambda e: (lambda a, b, c: ((a * b + c - a) * 0.5 + b))(e["a"], e["b"], e["c"]),
    ),
    "rnn step": (
        "W = 0.1 * randn({H}, {H}, seed=1)\nU = 0.1 * randn({H}, 27, seed=2)\nb = zeros({H})\n"
        "Y = 0.1 * randn(27, {H}, seed=3)\nc = zeros(27)\nh = zeros({H})\nloss = 0\n",
        "  h = tanh(U[:, 3] + W @ h + b)\n  loss = loss + cross_entropy(Y @ h + c, 5)\n",
        9,  # U[:, 3] @ + + tanh   @ + cross_entropy +
        lambda H: dict(W=0.1 * np.random.randn(H, H), U=0.1 * np.random.randn(H, 27), b=np.zeros(H),
                       Y=0.1 * np.random.randn(27, H), c=np.zeros(27), h=np.zeros(H), loss=0.0),
        None,
    ),
}


def numpy_rnn_step(e):
    h = np.tanh(e["U"][:, 3] + e["W"] @ e["h"] + e["b"])
    s = e["Y"] @ h + e["c"]
    m = s.max()
    e["loss"] = e["loss"] + (np.log(np.exp(s - m).sum()) + m - s[5])
    e["h"] = h


def language_seconds(unroll, setup, body, iters, directory):
    path = os.path.join(directory, "loop_%d.ur" % iters)
    with open(path, "w", encoding="utf-8") as f:
        f.write(setup + "for i in 0..%d {\n%s}\n" % (iters, body))
    t0 = time.perf_counter()
    subprocess.run([unroll, "run", path], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def numpy_us_per_op(name, H, ops, iters):
    _, _, _, make, step = WORKLOADS[name]
    env = make(H)
    run = (lambda: numpy_rnn_step(env)) if step is None else (lambda: step(env))
    t0 = time.perf_counter()
    for _ in range(iters):
        run()
    return (time.perf_counter() - t0) / (iters * ops) * 1e6


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--unroll", default=os.path.join(ROOT, ".build", "release", "unroll"))
    ap.add_argument("--sizes", default="8,100", help="comma-separated H")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--iters", default="2000,20000", help="A,B: the two loop lengths of the language runs")
    args = ap.parse_args()
    if not os.path.exists(args.unroll):
        sys.exit("no release binary at %s; run bench/op_overhead.sh (it builds one)" % args.unroll)
    short, long = (int(n) for n in args.iters.split(","))
    directory = tempfile.mkdtemp(prefix="op_overhead_")
    print("time per operation on small tensors: the language (unroll run, release) and numpy, in one run")
    print("CPUs allowed: %s; %d repetition(s), medians; language loops of %d and %d iterations"
          % (sorted(os.sched_getaffinity(0)), args.repeats, short, long))
    print("\n  %-12s %5s %6s %14s %14s %8s" % ("workload", "H", "ops/it", "unroll µs/op", "numpy µs/op", "ratio"))
    for H in (int(h) for h in args.sizes.split(",")):
        for name, (setup, body, ops, _, _) in WORKLOADS.items():
            ours, theirs = [], []
            for _ in range(args.repeats):
                setup_h, body_h = setup.format(H=H), body.format(H=H)
                t_short = language_seconds(args.unroll, setup_h, body_h, short, directory)
                t_long = language_seconds(args.unroll, setup_h, body_h, long, directory)
                ours.append((t_long - t_short) / ((long - short) * ops) * 1e6)
                theirs.append(numpy_us_per_op(name, H, ops, long))
            u, n = statistics.median(ours), statistics.median(theirs)
            print("  %-12s %5d %6d %14.2f %14.2f %7.2fx" % (name, H, ops, u, n, u / n))


if __name__ == "__main__":
    main()
