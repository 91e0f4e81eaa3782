#!/usr/bin/env python3
"""A class with hostile members: 20 correct lesson-7 submissions graded in one
batch with a memory hog, a graph hog, the plot that used to crash the process, an
endless loop around a builtin that runs for a minute unless interrupted, and a binary file.

Prints each submission's score against its true score, the run's wall time
against the bound 2 × time limit × submissions / cores, and the peak memory of
the whole run (the sum of every process's proportional set size, sampled every
20 ms) against 2 GiB. Exits 1 if a score is wrong.

Usage: python3 bench/grade_hostile.py [--bin .build/release/unroll] [--time-limit 2]
"""
import argparse
import csv
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]

HOSTILE = {
    # Each replaces the answer to `powers`; the other exercises and questions are answered right.
    "memory-hog.ur": "xs = []\nfor i in 0..1000 { xs = push(xs, ones(10000000)) }",
    "graph-hog.ur": "def hog() {\n  h = zeros(1000)\n  for i in 0..100000000 { h = h * 1.0000001 + 1 }\n"
                    "  def keep() = keep\n  return h\n}\ny = hog()",
    # Crashed the whole batch before issue 14's fix; a real crash is tested in Tests/Attacks
    # (signals, and a process that dies at its memory limit).
    "plot-trap.ur": "plot([1e308, -1e308])",
    "builtin-loop.ur": "while true { s = svals(randn(2000, 2000)) }",
}


def exercises():
    """(id, solution, points) of each exercise and question of lesson 7, read as the attack suite reads them."""
    sys.path.insert(0, str(ROOT / "Tests" / "Attacks"))
    import course
    return [(ex.id, ex.solution, ex.points) for ex in course.exercises(7)]


def submission(parts):
    return "".join(f"#: exercise {ex}\n{code}\n" for ex, code in parts)


def process_tree_pss(root):
    """Summed proportional set size (bytes) of root and every process below it."""
    parents = {}
    for entry in pathlib.Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    tree, frontier = {root}, [root]
    while frontier:
        current = frontier.pop()
        for child, parent in parents.items():
            if parent == current and child not in tree:
                tree.add(child)
                frontier.append(child)
    total = 0
    for pid in tree:
        try:
            for line in pathlib.Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=str(ROOT / ".build" / "release" / "unroll"))
    parser.add_argument("--time-limit", type=float, default=2.0)
    args = parser.parse_args()
    if not os.path.exists(args.bin):
        sys.exit(f"{args.bin} is missing; run `swift build -c release` first")
    exs = exercises()
    right = submission([(ex, sol) for ex, sol, _ in exs])
    full = sum(points for _, _, points in exs)
    powers = next(points for ex, _, points in exs if ex == "powers")
    with tempfile.TemporaryDirectory() as tmp:
        folder = pathlib.Path(tmp) / "class"
        folder.mkdir()
        truth = {}
        for i in range(20):
            (folder / f"student{i:02d}.ur").write_text(right)
            truth[f"student{i:02d}.ur"] = full
        for name, code in HOSTILE.items():
            (folder / name).write_text(submission([(ex, code if ex == "powers" else sol) for ex, sol, _ in exs]))
            truth[name] = full - powers
        (folder / "binary.ur").write_bytes(bytes(range(256)) * 16)
        truth["binary.ur"] = 0
        cores = os.cpu_count()
        start = time.perf_counter()
        grading = subprocess.Popen([args.bin, "grade", "7", "--batch", str(folder), "--time-limit", str(args.time_limit)],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   env=dict(os.environ, UNROLL_LESSONS=str(ROOT / "lessons")))
        peak = [0]

        def sample():
            while grading.poll() is None:
                peak[0] = max(peak[0], process_tree_pss(grading.pid))
                time.sleep(0.02)

        sampler = threading.Thread(target=sample)
        sampler.start()
        out, err = grading.communicate()
        seconds = time.perf_counter() - start
        sampler.join()
        if grading.returncode != 0:
            sys.exit(err)
        results = pathlib.Path(tmp) / "class-results"
        with (results / "summary.csv").open(newline="") as table:
            rows = list(csv.DictReader(table))
        tests_of_a_right_answer = json.loads((results / "student00.ur.json").read_text())["tests"]
        wrong = 0
        for row in rows:
            report = json.loads((results / row["result"]).read_text())
            ok = float(row["score"]) == truth[row["file"]] and len(report["tests"]) == len(tests_of_a_right_answer)
            wrong += not ok
            if row["file"] in HOSTILE or row["file"] == "binary.ur" or not ok:
                # The first failed check says why; for the binary file, the report's own output does.
                reason = next((t["output"] for t in report["tests"] if t["status"] == "failed"), "")
                if row["file"] == "binary.ur":
                    reason = report["output"]
                print(f"{row['file']:>16}: {row['score']:>2} / {row['max_score']} (true score {truth[row['file']]:g})  {reason[:110]}")
        bound = 2 * args.time_limit * len(rows) / cores
        print(f"{len(rows)} submissions ({sum(1 for r in rows if r['file'].startswith('student'))} correct) "
              f"graded in {seconds:.1f} s; bound 2 × {args.time_limit:g} s × {len(rows)} / {cores} cores = {bound:.0f} s")
        print(f"peak memory of the whole run: {peak[0] / 2**30:.2f} GiB (limit 2 GiB)")
        if wrong or len(rows) != len(truth):
            sys.exit(f"{wrong} submissions did not get their true score")


if __name__ == "__main__":
    main()
