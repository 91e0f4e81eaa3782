#!/usr/bin/env python3
"""Print a lesson's runnable script, or check its exercises by hand.

    scripts/lesson-cells.py lessons/02-hello.md               # cells and starters, in order
    scripts/lesson-cells.py lessons/02-hello.md --solutions   # solutions in place of starters
    scripts/lesson-cells.py lessons/02-hello.md --check       # run every check on solution and starter
    scripts/lesson-cells.py lessons/02-hello.md --submission solution > s.ur && unroll grade 2 s.ur
    scripts/lesson-cells.py lessons/02-hello.md --grade       # the same for every exercise, both ways

The printed script can be piped into the REPL, which runs it like a lesson session
(plots included):  scripts/lesson-cells.py FILE | .build/debug/unroll repl

--check is a rough stand-in for `unroll grade`, for writing lessons: for each exercise it
runs the lesson cells before it plus the solution (the reference) or the starter (the
student) with `unroll run --json`, evaluates each check the way lessons/README.md
describes, and reports the points each gets. The solution should get full marks and the
starter should fail at least one check. Plot calls are dropped there (`unroll run` has no
plots). The real grader is the authority; this only catches mistakes early.
"""
import argparse
import json
import re
import subprocess
import sys

FENCE = re.compile(r"^\s*(`{3,})\s*unroll(?:\s+(\w+)=(\w+))?\s*$")


def parse(path):
    """Blocks in file order: (kind, id, code) with kind in lesson/starter/solution/check."""
    lines = open(path, encoding="utf-8").read().split("\n")
    blocks, i = [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        marker, key, ident = m.group(1), m.group(2), m.group(3)
        body, i = [], i + 1
        while i < len(lines) and lines[i].strip() != marker:
            body.append(lines[i])
            i += 1
        blocks.append((key or "lesson", ident, "\n".join(body)))
        i += 1
    return blocks


def script(blocks, solutions):
    sols = {b[1]: b[2] for b in blocks if b[0] == "solution"}
    parts = []
    for kind, ident, code in blocks:
        if kind == "lesson":
            parts.append(code)
        elif kind == "starter":
            parts.append(sols[ident] if solutions else code)
    return "\n".join(parts) + "\n"


def without_plots(code):
    return "\n".join(l for l in code.split("\n") if not l.strip().startswith("plot(")) + "\n"


def run_json(unroll, code):
    out = subprocess.run([unroll, "run", "--json", "-"], input=without_plots(code), capture_output=True, text=True, timeout=60)
    return [json.loads(l) for l in out.stdout.splitlines() if l.strip()]


def last_value(unroll, code):
    """The value of the script's last expression, or ('error', kind, message)."""
    outs = run_json(unroll, code)
    for o in outs:
        if "error" in o:
            return ("error", o["error"]["kind"], o["error"]["message"])
    values = [o["value"] for o in outs if "value" in o]
    return values[-1] if values else None


def as_array(v):
    if isinstance(v, dict) and "shape" in v:
        return v["shape"], [float(x) for x in v["data"]]
    if isinstance(v, bool):
        return [], [1.0 if v else 0.0]
    if isinstance(v, (int, float)):
        return [], [float(v)]
    return None


def close(a, b, rtol, atol):
    a, b = as_array(a), as_array(b)
    if a is None or b is None or a[0] != b[0]:
        return False
    for s, r in zip(a[1], b[1]):
        if r != r:
            if s == s:
                return False
            continue
        if not abs(s - r) <= atol + rtol * abs(r):
            return False
    return True


def calls(code, name):
    return re.search(r"(?<![\w.])" + re.escape(name) + r"\s*\(", code) is not None


def shape_literal(shape):
    return ", ".join(str(d) for d in shape) if shape else ""


def random_inputs(shapes, trial):
    names, lines = [], []
    for k, shape in enumerate(shapes):
        n = f"__in{k}"
        dims = shape_literal(shape)
        lines.append(f"{n} = randn({dims + ', ' if dims else ''}seed={1000 + 17 * trial + k})" if dims else f"{n} = randn(seed={1000 + 17 * trial + k})")
        names.append(n)
    return "\n".join(lines) + "\n", names


def evaluate(unroll, check, setup, student, reference):
    kind, rest, opts = check
    rtol, atol = float(opts.get("rtol", 1e-6)), float(opts.get("atol", 1e-9))
    if kind == "close":
        s = last_value(unroll, setup + student + "\n" + rest)
        r = last_value(unroll, setup + reference + "\n" + rest)
        if isinstance(r, tuple):
            return False, f"reference fails: {r}"
        return close(s, r, rtol, atol), f"student {str(s)[:120]}"
    if kind == "shape":
        m = re.match(r"(.*)\((.*)\)\s*$", rest)
        expr, dims = m.group(1).strip(), [int(d) for d in m.group(2).split(",") if d.strip()]
        s = last_value(unroll, setup + student + "\n" + expr)
        return isinstance(s, dict) and s.get("shape") == dims, f"student shape {s.get('shape') if isinstance(s, dict) else s}"
    if kind == "true":
        s = last_value(unroll, setup + student + "\n" + rest)
        ok = s is True or (isinstance(s, dict) and s.get("data") and all(x != 0 for x in s["data"]) and len(s["data"]) == 1)
        return bool(ok), f"student {str(s)[:120]}"
    if kind in ("uses", "avoids"):
        found = calls(student, rest)
        return found if kind == "uses" else not found, f"calls {rest}: {found}"
    if kind == "raises":
        errkind, expr = rest.split(" ", 1)
        s = last_value(unroll, setup + student + "\n" + expr)
        return isinstance(s, tuple) and s[1] == errkind, f"student {str(s)[:120]}"
    if kind == "property":
        fn, shapes = rest.split(" ", 1)
        shapes = [[int(d) for d in g.split(",") if d.strip()] for g in re.findall(r"\(([^)]*)\)", shapes)]
        for trial in range(int(opts.get("trials", 5))):
            inputs, names = random_inputs(shapes, trial)
            call = f"{fn}({', '.join(names)})"
            s = last_value(unroll, setup + student + "\n" + inputs + call)
            r = last_value(unroll, setup + reference + "\n" + inputs + call)
            if not close(s, r, rtol, atol):
                return False, f"trial {trial}: student {str(s)[:100]} reference {str(r)[:100]}"
        return True, ""
    if kind == "gradient":
        fn, shapes = rest.split(" ", 1)
        shapes = [[int(d) for d in g.split(",") if d.strip()] for g in re.findall(r"\(([^)]*)\)", shapes)]
        inputs, names = random_inputs(shapes, 0)
        probe = setup + student + "\n" + inputs + f"__L = {fn}({', '.join(names)})\n"
        eps, worst = 1e-5, 0.0
        for k, (name, shape) in enumerate(zip(names, shapes)):
            g = last_value(unroll, probe + f"grad(__L, {name})")
            if isinstance(g, tuple) or g is None:
                return False, f"grad fails: {g}"
            count = 1
            for d in shape:
                count *= d
            dims = shape_literal(shape)
            for j in range(count):
                bump = f"reshape(onehot({j}, {count}), {dims})" if len(shape) > 1 else (f"onehot({j}, {count})" if shape else "1")
                args = lambda sign: ", ".join(f"{n} {sign} {eps} * {bump}" if n == name else n for n in names)
                plus = last_value(unroll, setup + student + "\n" + inputs + f"{fn}({args('+')})")
                minus = last_value(unroll, setup + student + "\n" + inputs + f"{fn}({args('-')})")
                fd = (as_array(plus)[1][0] - as_array(minus)[1][0]) / (2 * eps)
                ad = as_array(g)[1][j]
                worst = max(worst, abs(fd - ad) / max(1.0, abs(fd)))
        return worst <= float(opts.get("rtol", 1e-5)) * 10, f"worst relative difference {worst:.2e}"
    return False, f"unknown check {kind}"


def parse_check(line):
    words = line.split()
    opts, hidden = {}, False
    while words:
        w = words[-1]
        if w in ("hidden", "visible"):
            hidden = w == "hidden"
        elif "=" in w and w.split("=")[0] in ("points", "rtol", "atol", "trials"):
            opts[w.split("=")[0]] = w.split("=")[1]
        else:
            break
        words.pop()
    return (words[0], " ".join(words[1:]), opts), float(opts.get("points", 1)), hidden


def check_lesson(unroll, blocks, verbose=False):
    sols = {b[1]: b[2] for b in blocks if b[0] == "solution"}
    checks = {b[1]: b[2] for b in blocks if b[0] == "check"}
    setup, ok = "", True
    for kind, ident, code in blocks:
        if kind == "lesson":
            setup += code + "\n"
        if kind != "starter":
            continue
        lines = [l.strip() for l in checks[ident].split("\n") if l.strip() and not l.strip().startswith("#")]
        for variant, student in (("solution", sols[ident]), ("starter", code)):
            got = total = 0.0
            failures = []
            for line in lines:
                check, points, hidden = parse_check(line)
                passed, why = evaluate(unroll, check, setup, student, sols[ident])
                total += points
                if passed:
                    got += points
                else:
                    failures.append(f"      FAIL {line}  ({why})")
            print(f"{ident:>20} {variant:>8}: {got:g}/{total:g}")
            if failures and (variant == "solution" or verbose):
                print("\n".join(failures))
            if variant == "solution" and got != total:
                ok = False
            if variant == "starter" and got == total:
                ok = False
                print("      starter passes every check")
    return ok


def grade_lesson(unroll, path, blocks):
    """Grade the solutions and the starters with `unroll grade --json`; per exercise, the
    solution must get full marks and the starter must lose points."""
    import os
    import tempfile
    number = os.path.basename(path).split("-")[0].lstrip("0") or "0"
    ids = [ident for kind, ident, _ in blocks if kind == "starter"]
    ok = True
    for kind in ("solution", "starter"):
        text = "".join(f"#: exercise {i}\n{c}\n\n" for k, i, c in blocks if k == kind)
        with tempfile.NamedTemporaryFile("w", suffix=".ur", delete=False) as f:
            f.write(text)
        out = subprocess.run([unroll, "grade", number, f.name, "--json"], capture_output=True, text=True, timeout=300)
        os.unlink(f.name)
        report = json.loads(out.stdout)
        for ident in ids:
            tests = [t for t in report["tests"] if t["name"].startswith(ident + ":")]
            got, total = sum(t["score"] for t in tests), sum(t["max_score"] for t in tests)
            bad = (kind == "solution" and got != total) or (kind == "starter" and got == total) or not tests
            ok = ok and not bad
            print(f"{ident:>20} {kind:>8}: {got:g}/{total:g}{'   <-- wrong' if bad else ''}")
            if kind == "solution" and got != total:
                for t in tests:
                    if t["score"] != t["max_score"]:
                        print("      ", t["name"], "--", t["output"])
    return ok


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("lesson")
    p.add_argument("--solutions", action="store_true", help="put the solutions in place of the starters")
    p.add_argument("--check", action="store_true", help="run every exercise's checks on its solution and starter")
    p.add_argument("--unroll", default=".build/debug/unroll", help="the unroll executable")
    p.add_argument("-v", action="store_true", help="with --check, list the starter's failed checks too")
    p.add_argument("--grade", action="store_true", help="grade every solution and starter with `unroll grade --json`")
    p.add_argument("--submission", choices=["starter", "solution"], help="print a submission ('#: exercise ID' blocks) made of every starter or every solution, for unroll grade")
    args = p.parse_args()
    blocks = parse(args.lesson)
    if args.submission:
        kind = args.submission
        sys.stdout.write("".join(f"#: exercise {ident}\n{code}\n\n" for k, ident, code in blocks if k == kind))
        return
    if args.grade:
        sys.exit(0 if grade_lesson(args.unroll, args.lesson, blocks) else 1)
    if args.check:
        sys.exit(0 if check_lesson(args.unroll, blocks, args.v) else 1)
    sys.stdout.write(script(blocks, args.solutions))


if __name__ == "__main__":
    main()
