#!/usr/bin/env python3
"""min-char-rnn written in the language (lesson 16's training loop) against its peers.

The loop measured is lesson 16's: examples/min_char_rnn.ur holds the lesson's `adagrad`
and `train_loop` cells word for word (checked here before anything runs, and by
MinCharRNNExampleTests). Runs `unroll run` on the example with its settings block replaced (the text of
../shared/bench/data/input.txt, H, T, the number of iterations), and in the same run the
numpy reference min_char_rnn.py and, when PyTorch can be imported, torch_char_rnn.py
--variant manual. Start it through bench/lang_char_rnn.sh, which builds the release binary
and pins everything to CPU 0 with one BLAS thread.

Iterations per second: the peers report the rate of their training loop. The language
program runs twice per repetition, for A and B iterations; (B − A) / (t_B − t_A) is the
rate of its loop with start-up (parsing a 100 kB string literal, building the model) taken
out. Repetitions alternate between the implementations; the medians are reported, and
the ratio to numpy is that of the medians. On a shared machine whose speed drifts, the
ratio within each repetition (the language and numpy run one after the other) is printed
too, with its median.

Memory: the peak resident set size (getrusage of each child) of the language program
after 400, 4,000 and 20,000 iterations, each a separate run.

    bench/lang_char_rnn.sh                   # H=100/T=25 and H=256/T=50, 5 repetitions
    bench/lang_char_rnn.sh --quick           # one repetition, memory after 400 and 4,000 only
    bench/lang_char_rnn.sh --sizes 100x25
    bench/lang_char_rnn.sh --memory 400,4000 # skip the long 20,000-iteration memory runs
    bench/lang_char_rnn.sh --memory ''       # no memory runs
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--unroll", default=os.path.join(ROOT, ".build", "release", "unroll"))
    ap.add_argument("--peer-dir", default=os.path.join(ROOT, "..", "shared", "bench"))
    ap.add_argument("--example", default=os.path.join(ROOT, "examples", "min_char_rnn.ur"))
    ap.add_argument("--lesson", default=os.path.join(ROOT, "lessons", "16-min-char-rnn.md"))
    ap.add_argument("--sizes", default="100x25,256x50", help="comma-separated HxT")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="one repetition; memory after 400 and 4,000 iterations")
    ap.add_argument("--memory", default="400,4000,20000",
                    help="comma-separated iteration counts for peak RSS ('' for none)")
    ap.add_argument("--python", default=sys.executable)
    return ap.parse_args()


def program(example, text, hidden, seq, iters):
    """The example with its settings block replaced."""
    source = open(example, encoding="utf-8").read()
    start, end = source.index("# --- settings ---"), source.index("# --- end of settings ---")
    literal = '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'
    settings = "# --- settings ---\ntext = %s\nH = %d\nT = %d\niters = %d\n" % (literal, hidden, seq, iters)
    return source[:start] + settings + source[end:]


def check_loop_is_the_lessons(example, lesson):
    """Stops unless the example holds lesson 16's adagrad and train_loop cells word for word."""
    cells = re.findall(r"^```unroll\n(.*?)^```$", open(lesson, encoding="utf-8").read(), re.M | re.S)
    wanted = "\n".join(c for c in cells if c.startswith(("def adagrad(", "def train_loop(")))
    source = open(example, encoding="utf-8").read()
    start = source.index("\n", source.index("# --- lesson 16's cells, word for word")) + 1
    if source[start:source.index("# --- end of lesson 16's cells ---")] != wanted:
        sys.exit("%s no longer holds %s's adagrad and train_loop cells word for word; copy them over"
                 % (example, lesson))


def run_measured(argv, env=None, cwd=None):
    """Runs argv as a child of its own: (wall seconds, its peak RSS in MB, its standard output)."""
    t0 = time.perf_counter()
    with tempfile.TemporaryFile(mode="w+") as out, tempfile.TemporaryFile(mode="w+") as err:
        pid = os.fork()
        if pid == 0:
            os.dup2(out.fileno(), 1)
            os.dup2(err.fileno(), 2)
            if cwd:
                os.chdir(cwd)
            try:
                os.execve(argv[0], argv, env if env is not None else os.environ)
            finally:
                os._exit(127)
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - t0
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit("%s failed (exit %d):\n%s" % (" ".join(argv[:3]), code, stderr[-2000:]))
    return wall, usage.ru_maxrss / 1024.0, stdout


def last_smooth(stdout):
    found = re.findall(r"iter (\d+) loss ([-\d.eE+naif]+)", stdout)
    return float(found[-1][1]) if found else float("nan")


class Language:
    def __init__(self, args, text, hidden, seq):
        self.args, self.text, self.hidden, self.seq = args, text, hidden, seq
        self.dir = tempfile.mkdtemp(prefix="lang_char_rnn_")

    def run(self, iters):
        path = os.path.join(self.dir, "h%d_t%d_%d.ur" % (self.hidden, self.seq, iters))
        if not os.path.exists(path):
            with open(path, "w", encoding="utf-8") as f:
                f.write(program(self.args.example, self.text, self.hidden, self.seq, iters))
        return run_measured([self.args.unroll, "run", path])


def peer(args, script, extra, hidden, seq, iters, env):
    argv = [args.python, os.path.join(args.peer_dir, script), "--hidden", str(hidden), "--seq", str(seq),
            "--iters", str(iters), "--report"] + extra
    wall, rss, out = run_measured(argv, env=env)
    result = json.loads(out.strip().splitlines()[-1])
    return result["iters_per_s"], rss, result["final_smooth_loss"]


def torch_available(args, env):
    probe = subprocess.run([args.python, "-c", "import torch"], env=env, capture_output=True)
    return probe.returncode == 0


def main():
    args = parse_args()
    if not os.path.exists(args.unroll):
        sys.exit("no release binary at %s; run bench/lang_char_rnn.sh (it builds one)" % args.unroll)
    check_loop_is_the_lessons(args.example, args.lesson)
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    text = open(os.path.join(args.peer_dir, "data", "input.txt"), encoding="utf-8").read()
    repeats = 1 if args.quick else args.repeats
    memory_iters = [400, 4000] if args.quick else [int(n) for n in args.memory.split(",") if n.strip()]
    has_torch = torch_available(args, env)
    cpus = sorted(os.sched_getaffinity(0))
    print("min-char-rnn: lesson 16's training loop in the language (examples/min_char_rnn.ur) against its peers")
    print("CPUs allowed: %s; one BLAS thread; %d repetition(s), medians; numpy/torch rates are their loop's," % (cpus, repeats))
    print("the language's is (B - A) / (t_B - t_A) over runs of A and B iterations (start-up taken out)")
    summary = []
    for size in args.sizes.split(","):
        hidden, seq = (int(v) for v in size.lower().split("x"))
        short, long = (400, 4000) if hidden <= 128 else (100, 1000)
        lang = Language(args, text, hidden, seq)
        rates = {"unroll": [], "numpy": [], "torch": []}
        losses = {}
        for _ in range(repeats):
            t_short, _, _ = lang.run(short)
            t_long, _, out = lang.run(long)
            rates["unroll"].append((long - short) / (t_long - t_short))
            losses["unroll"] = last_smooth(out)
            rate, _, loss = peer(args, "min_char_rnn.py", [], hidden, seq, long, env)
            rates["numpy"].append(rate)
            losses["numpy"] = loss
            if has_torch:
                rate, _, loss = peer(args, "torch_char_rnn.py", ["--variant", "manual"], hidden, seq, long, env)
                rates["torch"].append(rate)
                losses["torch"] = loss
        memory = {}
        for iters in memory_iters:
            _, rss, _ = lang.run(iters)
            memory[iters] = rss
        numpy_rate = statistics.median(rates["numpy"])
        print("\nH=%d, T=%d: %d iterations per timed run (the language also %d), vocabulary 89" % (hidden, seq, long, short))
        print("  %-34s %10s %10s   %s" % ("implementation", "it/s", "vs numpy", "smoothed loss after %d" % long))
        for name, label in [("unroll", "unroll run examples/min_char_rnn.ur"), ("numpy", "numpy min_char_rnn.py"),
                            ("torch", "torch_char_rnn.py --variant manual")]:
            if not rates[name]:
                print("  %-34s %10s %10s   %s" % (label, "-", "-", "skipped: PyTorch is not importable here"))
                continue
            rate = statistics.median(rates[name])
            spread = "" if len(rates[name]) < 2 else " (%s)" % ", ".join("%.0f" % r for r in rates[name])
            print("  %-34s %10.1f %9.2fx   %.3f%s" % (label, rate, rate / numpy_rate, losses[name], spread))
        if len(rates["numpy"]) > 1:
            # Each repetition runs the language and numpy one after the other, so the ratio within a
            # repetition sees the same state of a shared machine; their median is the steadier figure.
            paired = [u / n for u, n in zip(rates["unroll"], rates["numpy"])]
            print("  language/numpy within each repetition: %s; median %.2fx"
                  % (", ".join("%.2fx" % r for r in paired), statistics.median(paired)))
        if memory_iters:
            first = memory[memory_iters[0]]
            print("  peak RSS of the language loop: " + ", ".join(
                "%.1f MB after %d" % (memory[n], n) for n in memory_iters)
                + "; largest growth over the %d-iteration run: %+.1f%%" % (memory_iters[0], 100 * (max(memory.values()) / first - 1)))
        summary.append({"hidden": hidden, "seq": seq, "rates": rates, "memory_mb": memory, "losses": losses})
    print("\nJSON " + json.dumps(summary))


if __name__ == "__main__":
    main()
