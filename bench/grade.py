#!/usr/bin/env python3
"""Grading throughput: 1,000 generated submissions of one lesson, graded with
`unroll grade LESSON --batch DIR` on every core; prints submissions per second.

The mix: 60% right (the reference solutions), 25% wrong (the starters, or a
reference with one number changed), 14.5% broken (syntax errors, garbage
bytes, empty files, a missing exercise) and 0.5% infinite loops, which each
cost the whole time limit (--time-limit, 0.5 s here).

Usage: python3 bench/grade.py [--bin .build/release/unroll] [--lesson 7] [--count 1000]
Build first with `swift build -c release`.
"""
import argparse
import os
import pathlib
import random
import re
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]


def exercises(lesson_file):
    text = lesson_file.read_text()
    ids = re.findall(r"```unroll starter=(\w+)", text)
    def block(kind, ex):
        return re.search(rf"```unroll {kind}={ex}\n(.*?)\n```", text, re.S).group(1)
    return [(ex, block("starter", ex), block("solution", ex)) for ex in ids]


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
    lesson_file = next((ROOT / "lessons").glob(f"{int(args.lesson):02d}-*.md"))
    exs = exercises(lesson_file)
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
        rows = (pathlib.Path(tmp) / "submissions-results" / "summary.csv").read_text().strip().split("\n")[1:]
        full = sum(1 for r in rows if r.split(",")[1] == r.split(",")[2])
    print(f"lesson {args.lesson}: {len(exs)} exercises; graded {len(rows)} submissions "
          f"({full} with full marks) in {seconds:.2f} s on {os.cpu_count()} cores")
    print(f"{len(rows) / seconds:.0f} submissions per second (target: at least 100)")


if __name__ == "__main__":
    main()
