#!/usr/bin/env python3
"""Validate a lesson while writing it.

    scripts/run-lesson-cells.py lessons/12-char-model.md

1. Runs the lesson's cells in order in one REPL session (`unroll repl`, so plots work),
   timing each cell, and reports any error.
2. Writes two submissions, every solution and every starter, and grades both with
   `unroll grade`: the solutions should get full marks, each starter should lose points.
"""
import re
import subprocess
import sys
import tempfile
import time

UNROLL = ".build/debug/unroll"
FENCE = re.compile(r"^(`{3,})unroll(?:\s+(\w+)=(\w+))?\s*$")


def blocks(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    out, i = [], 0
    while i < len(lines):
        m = FENCE.match(lines[i].strip())
        if not m:
            i += 1
            continue
        body, i = [], i + 1
        while i < len(lines) and lines[i].strip() != m.group(1):
            body.append(lines[i])
            i += 1
        out.append((m.group(2) or "cell", m.group(3), "\n".join(body)))
        i += 1
    return out


def run_cells(bs):
    cells = [code for kind, _, code in bs if kind == "cell"]
    script = ""
    worst = 0.0
    ok = True
    for n, code in enumerate(cells, 1):
        prefix = script
        script += code + "\n"
        start = time.time()
        r = subprocess.run([UNROLL, "run", "--json", "-"], input=script, capture_output=True, text=True)
        total = time.time() - start
        if '"error"' in r.stdout or r.returncode not in (0,):
            errs = [l for l in r.stdout.splitlines() if '"error"' in l]
            if not all("plot" in e or "heatmap" in e or "'bar'" in e for e in errs):
                print(f"cell {n}: ERROR {errs[:2]} {r.stderr[:300]}")
                ok = False
    start = time.time()
    r = subprocess.run([UNROLL, "repl"], input=script, capture_output=True, text=True)
    print(f"{len(cells)} cells, whole lesson in the REPL: {time.time() - start:.2f} s")
    if "error" in r.stdout:
        print(r.stdout[-3000:])
    return ok


def grade(path, bs, kind):
    text = ""
    for k, ident, code in bs:
        if k == kind:
            text += f"#: exercise {ident}\n{code}\n"
    with tempfile.NamedTemporaryFile("w", suffix=".ur", delete=False) as f:
        f.write(text)
    lesson = path.split("/")[-1].split("-")[0].lstrip("0")
    r = subprocess.run([UNROLL, "grade", lesson, f.name], capture_output=True, text=True)
    print(f"--- {kind}s ---")
    print(r.stdout[-4000:], r.stderr[-2000:])


if __name__ == "__main__":
    path = sys.argv[1]
    bs = blocks(path)
    run_cells(bs)
    grade(path, bs, "solution")
    grade(path, bs, "starter")
