#!/usr/bin/env python3
"""Interpreter and recording overhead: microseconds per operation on small tensors.

Runs loops of small-tensor operations written in the language (`unroll run`, release
build) and the same operations in numpy, in one run. Start it through
bench/op_overhead.sh, which builds the release binary and pins everything to one CPU.

Each workload is a loop body with a known number of operations (an operator, a call of
a builtin, a subscript that reads a tensor). The language program runs twice, for A and
B iterations; (t_B - t_A) / ((B - A) * operations per iteration) is the time per
operation with start-up taken out (a parsed program, a session, the first tensors).
Times are CPU time (user + system), so a busy machine slows the figures less than it
would wall-clock times. numpy runs the same body in a timed Python loop, for
scale: numpy's own per-call overhead on tiny arrays is about a microsecond.

    bench/op_overhead.sh                 # H = 8 and H = 100, 3 repetitions, medians
    bench/op_overhead.sh --sizes 8 --repeats 1 --scale 0.2
    python3 bench/op_overhead.py --print-program 'rnn window,8,3000' > window.ur   # to profile
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

# name: (setup, loop body, operations per iteration, iterations A and B, numpy setup,
# numpy iteration). {H} is the size; every operation is on a tensor of at most 27 x H
# numbers. "rnn window" is one window of lesson 16's loop without the backward pass: a
# fresh state, then 25 steps of 9 operations (a column pick, two matrix-vector products,
# four additions, tanh and cross_entropy), so the graph a window records is freed when
# the next window starts, as in training.
WORKLOADS = {
    "elementwise": (
        "a = randn({H}, seed=1)\nb = randn({H}, seed=2)\nc = randn({H}, seed=3)\n",
        "  z = a * b + c - a\n  z = z * 0.5 + b\n",
        5,  # * + -  * +
        (4000, 40000),
        lambda H: dict(a=np.random.randn(H), b=np.random.randn(H), c=np.random.randn(H)),
        lambda e: (e["a"] * e["b"] + e["c"] - e["a"]) * 0.5 + e["b"],
    ),
    "rnn window": (
        "W = 0.1 * randn({H}, {H}, seed=1)\nU = 0.1 * randn({H}, 27, seed=2)\nb = zeros({H})\n"
        "Y = 0.1 * randn(27, {H}, seed=3)\nc = zeros(27)\n",
        "  h = zeros({H})\n  loss = 0\n  for t in 0..25 {{\n"
        "    h = tanh(U[:, t] + W @ h + b)\n    loss = loss + cross_entropy(Y @ h + c, t)\n  }}\n",
        1 + 25 * 9,
        (100, 1000),
        lambda H: dict(W=0.1 * np.random.randn(H, H), U=0.1 * np.random.randn(H, 27), b=np.zeros(H),
                       Y=0.1 * np.random.randn(27, H), c=np.zeros(27)),
        lambda e: numpy_window(e),
    ),
}


def numpy_window(e):
    h, loss = np.zeros(e["W"].shape[0]), 0.0
    for t in range(25):
        h = np.tanh(e["U"][:, t] + e["W"] @ h + e["b"])
        s = e["Y"] @ h + e["c"]
        m = s.max()
        loss = loss + (np.log(np.exp(s - m).sum()) + m - s[t])
    return loss


def program(setup, body, iters):
    return setup + "for i in 0..%d {\n%s}\n" % (iters, body)


def language_seconds(unroll, setup, body, iters, directory):
    """The CPU time (user + system) of `unroll run` on the loop: unlike the wall clock, it
    does not count the time other programs on a busy machine take from this one."""
    path = os.path.join(directory, "loop_%d.ur" % iters)
    with open(path, "w", encoding="utf-8") as f:
        f.write(program(setup, body, iters))
    child = subprocess.Popen([unroll, "run", path], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit("unroll run %s failed (exit %d)" % (path, child.returncode))
    return usage.ru_utime + usage.ru_stime


def numpy_us_per_op(name, H, ops, iters):
    _, _, _, _, make, step = WORKLOADS[name]
    env = make(H)
    t0 = time.process_time()
    for _ in range(iters):
        step(env)
    return (time.process_time() - t0) / (iters * ops) * 1e6


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--unroll", default=os.path.join(ROOT, ".build", "release", "unroll"))
    ap.add_argument("--sizes", default="8,100", help="comma-separated H")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every workload's iteration counts A and B")
    ap.add_argument("--print-program", metavar="WORKLOAD,H,ITERS",
                    help="print the language program of one workload (e.g. 'rnn window,8,3000', to profile it) and stop")
    args = ap.parse_args()
    if args.print_program:
        name, H, iters = args.print_program.rsplit(",", 2)
        setup, body = WORKLOADS[name][0], WORKLOADS[name][1]
        sys.stdout.write(program(setup.format(H=int(H)), body.format(H=int(H)), int(iters)))
        return
    if not os.path.exists(args.unroll):
        sys.exit("no release binary at %s; run bench/op_overhead.sh (it builds one)" % args.unroll)
    directory = tempfile.mkdtemp(prefix="op_overhead_")
    print("time per operation on small tensors: the language (unroll run, release) and numpy, in one run")
    print("CPUs allowed: %s; %d repetition(s), medians; each language loop run for A and B iterations,"
          % (sorted(os.sched_getaffinity(0)), args.repeats))
    print("µs/op = (t_B - t_A) / ((B - A) * ops per iteration), t in CPU seconds; --unroll %s" % args.unroll)
    print("\n  %-12s %5s %6s %14s %14s %8s" % ("workload", "H", "ops/it", "unroll µs/op", "numpy µs/op", "ratio"))
    for H in (int(h) for h in args.sizes.split(",")):
        for name, (setup, body, ops, (short, long), _, _) in WORKLOADS.items():
            short, long = int(short * args.scale), int(long * args.scale)
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
