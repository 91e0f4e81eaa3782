#!/usr/bin/env python3
"""Independent numpy recomputation of the key numbers that lessons 2, 6 and 7 show.

Tests/Golden/lesson02_numbers.ul, lesson06_numbers.ul and lesson07_numbers.ul print those
numbers (as the language displays tensors: 4 decimals, or 4-decimal scientific notation)
and pin them with `# expect:` lines. This script recomputes every labelled value with
numpy, without the language's autodiff or linear algebra, and checks each `# expect:` line
against it to display precision. Run it from the repository root:

    python3 Tests/Reference/lesson_numbers.py [--unroll .build/debug/unroll]

Lessons 2 and 6 use weights written as literals, copied below. Lesson 7 uses matrices made
by `with_singular_values` and inputs made by `randn` (the language's own generator, which
numpy cannot reproduce), so the script asks `unroll run --json` for those matrices and
inputs only, checks with numpy's SVD that the matrices have the requested singular values,
and computes every norm itself. Exit status 0 means every expectation was confirmed.
"""
import argparse
import json
import os
import re
import subprocess
import sys

import numpy as np

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Golden")


def expectations(name):
    """{label: [numbers]} from a golden script's `# expect:` lines (matrices joined)."""
    lines = []
    for line in open(os.path.join(GOLDEN, name), encoding="utf-8"):
        if line.startswith("# expect:"):
            text = line.split("# expect:", 1)[1].rstrip("\n")
            text = text[1:] if text.startswith(" ") else text
            if lines and text.lstrip().startswith("[") and not text.startswith("["):
                lines[-1] += " " + text.strip()
            else:
                lines.append(text)
    table = {}
    for text in lines:
        label = text.split("[", 1)[0].strip()
        numbers = [float(x) for x in re.findall(r"-?\d+(?:\.\d*)?(?:e[-+]\d+)?", text[len(text.split("[", 1)[0]):])]
        table[label] = numbers
    return table


def agrees(shown, exact):
    """A displayed number matches when it is the exact value rounded for display."""
    return abs(shown - exact) <= 5.1e-5 or abs(shown - exact) <= 1e-4 * abs(exact)


class Report:
    def __init__(self):
        self.checked = 0
        self.failures = []

    def compare(self, golden, label, exact):
        exact = np.asarray(exact, dtype=float).ravel()
        shown = golden.get(label)
        if shown is None:
            self.failures.append(f"{label}: no # expect: line")
            return
        if len(shown) != len(exact):
            self.failures.append(f"{label}: {len(shown)} numbers shown, {len(exact)} computed")
            return
        for s, e in zip(shown, exact):
            self.checked += 1
            if not agrees(s, e):
                self.failures.append(f"{label}: shown {s}, numpy computes {e!r}")


def softmax(y):
    z = np.exp(y - y.max())
    return z / z.sum()


def lesson02(report):
    golden = expectations("lesson02_numbers.ul")
    Wxh = np.array([[0.5, -0.3, 0.8, -0.6], [-0.4, 0.9, 0.2, 0.7], [0.6, 0.1, -0.7, 0.3]])
    Whh = np.array([[0.2, -0.5, 0.1], [0.4, 0.3, -0.2], [-0.3, 0.2, 0.5]])
    Why = np.array([[0.7, -0.4, 0.3], [0.5, 0.8, -0.6], [-0.2, 0.6, 0.9], [0.1, -0.7, 0.4]])
    inputs, targets = [0, 1, 2, 2], [1, 2, 2, 3]
    h = np.zeros(3)
    losses, dWhy = [], np.zeros((4, 3))
    for t in range(4):
        h = np.tanh(Whh @ h + Wxh @ np.eye(4)[inputs[t]])
        p = softmax(Why @ h)
        report.compare(golden, f"h {t + 1}", h)
        report.compare(golden, f"p {t + 1}", p)
        losses.append(-np.log(p[targets[t]]))
        # d(-log p_target)/dy = p - onehot(target); y = Why h, so the Why part is its outer product with h.
        dWhy += np.outer(p - np.eye(4)[targets[t]], h)
    report.compare(golden, "losses", losses)
    report.compare(golden, "L", [sum(losses)])
    report.compare(golden, "dWhy", dWhy)


def lesson06(report):
    golden = expectations("lesson06_numbers.ul")
    Whh = np.array([[0.9, -0.4, 0.2], [0.3, 0.8, -0.5], [-0.2, 0.4, 0.7]])
    Wxh = np.array([[1.0, -0.5], [0.4, 0.9], [-0.7, 0.3]])
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [-1.0, 0.5], [0.5, -1.0]])
    T = 5
    hs = [np.zeros(3)]
    for t in range(T):
        hs.append(np.tanh(Whh @ hs[-1] + Wxh @ X[t]))
    Js = [np.eye(3)]
    for t in range(1, T + 1):
        d = 1 - hs[t] ** 2
        J = np.diag(d) @ Whh
        Js.append(J)
        report.compare(golden, f"slopes {t}", d)
        report.compare(golden, f"factor_norm {t}", [np.linalg.norm(J, 2)])
        report.compare(golden, f"factor_svals {t}", np.linalg.svd(J, compute_uv=False))
    P, norms = np.eye(3), []
    for i in range(T):
        P = P @ Js[T - i]
        norms.append(np.linalg.norm(P, 2))
    report.compare(golden, "product_norms", norms)
    # dL_T/dWhh by the hand-written backward sweep: delta_k = (1 - h_k^2) * (upstream), part delta_k h_(k-1)^T.
    target = np.array([0.5, -0.5, 0.2])
    upstream, dW = hs[T] - target, np.zeros((3, 3))
    for k in range(T, 0, -1):
        delta = (1 - hs[k] ** 2) * upstream
        dW += np.outer(delta, hs[k - 1])
        upstream = Whh.T @ delta
    report.compare(golden, "dLT_dWhh", dW)


def language_values(unroll, code):
    out = subprocess.run([unroll, "run", "--json", "-"], input=code, capture_output=True, text=True, check=True)
    values = [json.loads(line)["value"] for line in out.stdout.splitlines() if '"value"' in line]
    return [np.array(v["data"], dtype=float).reshape(v["shape"]) for v in values]


def lesson07(report, unroll):
    golden = expectations("lesson07_numbers.ul")
    n, T, dists = 4, 30, [1, 2, 5, 10, 20, 30]
    spectra = {str(s) if s != 1.0 else "1": [s] * n for s in [0.5, 0.9, 1.0, 1.1, 1.5]}
    spectra["spread"] = [1.5, 1.0, 0.5, 0.1]
    names = list(spectra)
    code = "0.5 * randn(30, 4, seed=71)\n" + "".join(f"with_singular_values({spectra[k]}, seed=70)\n" for k in names)
    X, *matrices = language_values(unroll, code)
    for name, W in zip(names, matrices):
        got = np.linalg.svd(W, compute_uv=False)
        if not np.allclose(got, sorted(spectra[name], reverse=True), rtol=1e-12, atol=1e-12):
            report.failures.append(f"with_singular_values({spectra[name]}) has singular values {got}")
        # Linear RNN: dh_T/dh_k = W^(T-k).
        report.compare(golden, f"linear {name}", [np.linalg.norm(np.linalg.matrix_power(W, d), 2) for d in dists])
        # tanh RNN: dh_T/dh_k = prod_{t=k+1..T} diag(1 - h_t^2) W, latest factor on the left.
        hs = [np.zeros(n)]
        for t in range(T):
            hs.append(np.tanh(W @ hs[-1] + X[t]))
        norms = []
        for d in dists:
            P = np.eye(n)
            for t in range(T, T - d, -1):
                P = P @ (np.diag(1 - hs[t] ** 2) @ W)
            norms.append(np.linalg.norm(P, 2))
        report.compare(golden, f"tanh {name}", norms)
    z = np.linspace(-6, 6, 121)
    s = 1 / (1 + np.exp(-z))
    report.compare(golden, "sigmoid_max_slope", [np.max(s * (1 - s))])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--unroll", default=os.environ.get("UNROLL", ".build/debug/unroll"))
    args = parser.parse_args()
    report = Report()
    lesson02(report)
    lesson06(report)
    lesson07(report, args.unroll)
    for failure in report.failures:
        print("MISMATCH", failure)
    print(f"{report.checked} numbers confirmed by numpy, {len(report.failures)} mismatches")
    sys.exit(1 if report.failures else 0)


if __name__ == "__main__":
    main()
