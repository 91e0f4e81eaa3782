#!/usr/bin/env python3
"""Grading throughput: 1,000 generated submissions of one lesson, graded with
`unroll grade LESSON --batch DIR` on every core; prints submissions per second.

The mix: 60% right (the reference solutions), 25% wrong (the starters, or a
reference with one number changed), 14.5% broken (syntax errors, garbage
bytes, empty files, a missing exercise) and 0.5% infinite loops, which each
cost the whole time limit (--time-limit, 0.5 s here). Every submission with
code to run is graded in a process of its own, forked from a worker that has
prepared the lesson.

Usage: python3 bench/grade.py [--bin .build/release/unroll] [--lesson 7] [--count 1000]
Build first with `swift build -c release`.
"""
import argparse
import csv
import os
import pathlib
import random
import re
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]


def exercises(number):
    """(id, starter, solution) of each exercise and concept question, read as the attack suite reads them."""
    sys.path.insert(0, str(ROOT / "Tests" / "Attacks"))
    import course
    return [(ex.id, ex.starter, ex.solution) for ex in course.exercises(number)]


def submission(parts):
    return "".join(f"#: exercise {ex}\n{code}\n" for ex, code in parts)


def generate(exs, count, seed=1):
    rng = random.Random(seed)
    out = []
    for i in range(count):
        roll = rng.random()
        if roll < 0.60:
            body = submission([(ex, sol) for ex, _, sol in exs])
        elif roll < 0.85:
            parts = []
            for ex, starter, sol in exs:
                if rng.random() < 0.5:
                    parts.append((ex, starter))
                else:
                    parts.append((ex, re.sub(r"\d+", lambda m: str(int(m.group()) + 1), sol, count=1)))
            body = submission(parts)
        elif roll < 0.995:
            kind = rng.choice(["syntax", "garbage", "empty", "missing"])
            if kind == "syntax":
                body = submission([(ex, sol.replace(")", "", 1)) for ex, _, sol in exs])
            elif kind == "garbage":
                out.append(bytes(rng.randrange(256) for _ in range(200)))
                continue
            elif kind == "empty":
                body = ""
            else:
                body = submission([(ex, sol) for ex, _, sol in exs[1:]])
        else:
            body = submission([(exs[0][0], "while true { }")] + [(ex, sol) for ex, _, sol in exs[1:]])
        out.append(body.encode())
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=str(ROOT / ".build" / "release" / "unroll"))
    parser.add_argument("--lesson", default="7")
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    if not os.path.exists(args.bin):
        sys.exit(f"{args.bin} is missing; run `swift build -c release` first")
    exs = exercises(int(args.lesson))
    with tempfile.TemporaryDirectory() as tmp:
        folder = pathlib.Path(tmp) / "submissions"
        folder.mkdir()
        for i, data in enumerate(generate(exs, args.count)):
            (folder / f"student{i:04d}.ur").write_bytes(data)
        start = time.perf_counter()
        done = subprocess.run([args.bin, "grade", args.lesson, "--batch", str(folder), "--time-limit", "0.5"],
                              capture_output=True, text=True, env=dict(os.environ, UNROLL_LESSONS=str(ROOT / "lessons")))
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            sys.exit(done.stderr)
        with (pathlib.Path(tmp) / "submissions-results" / "summary.csv").open(newline="") as table:
            rows = list(csv.DictReader(table))
        full = sum(1 for r in rows if r["score"] == r["max_score"])
    print(f"lesson {args.lesson}: {len(exs)} exercises; graded {len(rows)} submissions "
          f"({full} with full marks) in {seconds:.2f} s on {os.cpu_count()} cores")
    print(f"{len(rows) / seconds:.0f} submissions per second (target: at least 100)")


if __name__ == "__main__":
    main()
