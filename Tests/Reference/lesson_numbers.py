#!/usr/bin/env python3
"""Independent numpy recomputation of the key numbers that lessons 2, 6, 7, 8, 9, 10, 13 and 15 show
(and, through depth_lessons.py, the numbers of the new chapters from lesson 16 on).

Tests/Golden/lesson02_numbers.ur, lesson06_numbers.ur and lesson07_numbers.ur print those
numbers (as the language displays tensors: 4 decimals, or 4-decimal scientific notation)
and pin them with `# expect:` lines. This script recomputes every labelled value with
numpy, without the language's autodiff or linear algebra, and checks each `# expect:` line
against it to display precision. Run it from the repository root:

    python3 Tests/Reference/lesson_numbers.py [--unroll .build/debug/unroll]

Lessons 2 and 6 use weights written as literals, copied below. Lesson 7 uses matrices made
by `with_singular_values` and inputs made by `randn` (the language's own generator, which
numpy cannot reproduce), so the script asks `unroll run --json` for those matrices and
inputs only, checks with numpy's SVD that the matrices have the requested singular values,
and computes every norm itself.

Lesson 13's real model is read from pretrained/ (the JSON weights and the held-out text the
program carries) and run by numpy's own LSTM forward pass.

Lessons 8, 9, 10, 13 and 15 are read from the lesson files themselves: the script runs a
lesson's plain cells with `unroll run --json`, takes the weights and inputs they make
(seeded by the language's own generator) and the numbers the lesson shows, and
recomputes those numbers with numpy, with hand-written backward passes and Jacobians
instead of the language's autodiff. Exit status 0 means every number was confirmed.
"""
import argparse
import json
import os
import re
import subprocess
import sys

import numpy as np

import depth_lessons

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

    def compare_shown(self, lesson, label, shown, exact):
        """Numbers a lesson printed (as displayed) against numpy's exact values."""
        self.compare_numbers(f"{lesson} {label}", shown, exact)

    def compare_numbers(self, where, shown, exact):
        """Each number shown against numpy's value, counted; a mismatch is reported at `where`."""
        exact = np.asarray(exact, dtype=float).ravel()
        if len(shown) != len(exact):
            self.failures.append(f"{where}: {len(shown)} numbers shown, {len(exact)} computed")
            return
        for s, e in zip(shown, exact):
            self.checked += 1
            if not agrees(s, e):
                self.failures.append(f"{where}: shown {s}, numpy computes {e!r}")

    def require(self, lesson, what, condition):
        """A property of the lesson's numbers that numpy confirms (e.g. a gradient against finite differences)."""
        self.checked += 1
        if not condition:
            self.failures.append(f"{lesson}: {what} does not hold")

    def compare(self, golden, label, exact):
        """The numbers of a golden script's `# expect:` line against numpy's values."""
        shown = golden.get(label)
        if shown is None:
            self.failures.append(f"{label}: no # expect: line")
            return
        self.compare_numbers(label, shown, exact)


def softmax(y):
    z = np.exp(y - y.max())
    return z / z.sum()


def lesson02(report):
    golden = expectations("lesson02_numbers.ur")
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
    golden = expectations("lesson06_numbers.ur")
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
    values = [v["value"] for v in map(json.loads, out.stdout.splitlines()) if "value" in v]
    return [np.array([float(x) for x in v["data"]], dtype=float).reshape(v["shape"]) for v in values]


LESSONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lessons")
MARK = "values for numpy follow"


def lesson_values(unroll, lesson_file, expressions):
    """The values of `expressions` after running every plain cell of a lesson file.

    Exercise blocks, assertions and mutants are left out: the numbers come from the
    lesson's own cells, so they cannot drift from what the lesson shows."""
    lines = open(os.path.join(LESSONS, lesson_file), encoding="utf-8").read().split("\n")
    cells, i = [], 0
    while i < len(lines):
        if lines[i].strip() == "```unroll":
            j = i + 1
            while lines[j].strip() != "```":
                j += 1
            cells.append("\n".join(lines[i + 1:j]))
            i = j
        i += 1
    code = "\n".join(cells) + f'\nprint("{MARK}")\n' + "\n".join(expressions) + "\n"
    out = subprocess.run([unroll, "run", "--json", "-"], input=code, capture_output=True, text=True)
    records = [json.loads(line) for line in out.stdout.splitlines()]
    errors = [r["error"] for r in records if "error" in r]
    if errors:
        raise SystemExit(f"{lesson_file}: the lesson's cells fail under unroll run: {errors[0]}")
    start = next(k for k, r in enumerate(records) if r.get("stdout", "").startswith(MARK))
    values = [r["value"] for r in records[start + 1:] if "value" in r]
    return [np.array([float(x) for x in v["data"]], dtype=float).reshape(v["shape"]) for v in values]


def close(report, label, computed, shown, rtol=1e-9):
    """Full-precision agreement between numpy and the language (NaN matches NaN, inf matches inf)."""
    computed = np.asarray(computed, dtype=float).ravel()
    shown = np.asarray(shown, dtype=float).ravel()
    if computed.shape != shown.shape:
        report.failures.append(f"{label}: {shown.size} numbers from the lesson, {computed.size} from numpy")
        return
    for c, v in zip(computed, shown):
        report.checked += 1
        same = (np.isnan(c) and np.isnan(v)) or (np.isinf(c) and c == v) or abs(c - v) <= rtol * abs(c) + 1e-300
        if not same:
            report.failures.append(f"{label}: the lesson computes {v!r}, numpy {c!r}")


def lesson07(report, unroll):
    golden = expectations("lesson07_numbers.ur")
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


def lesson08(report, unroll):
    """Lesson 8: the linear RNN's training losses with and without global-norm clipping."""
    X, A0, B0, w0, plain, clipped = lesson_values(unroll, "08-clipping.md", ["X", "Wxh0", "Whh0", "why0", "plain", "clipped"])
    T, target = len(X), 0.5

    def loss_and_grads(A, B, w):
        hs = [np.zeros(len(w))]
        for t in range(T):
            hs.append(B @ hs[-1] + A @ X[t])
        e = w @ hs[T] - target
        dA, dB, dh = np.zeros_like(A), np.zeros_like(B), e * w
        for t in range(T, 0, -1):
            dA += np.outer(dh, X[t - 1])
            dB += np.outer(dh, hs[t - 1])
            dh = B.T @ dh
        return 0.5 * e * e, dA, dB, e * hs[T]

    def train(steps, lr, c):
        A, B, w, losses = A0.copy(), B0.copy(), w0.copy(), []
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(steps):
                L, dA, dB, dw = loss_and_grads(A, B, w)
                losses.append(L)
                s = 1.0
                if c > 0:
                    s = min(1.0, c / np.sqrt((dA ** 2).sum() + (dB ** 2).sum() + (dw ** 2).sum()))
                A, B, w = A - lr * s * dA, B - lr * s * dB, w - lr * s * dw
        return np.array(losses)

    close(report, "lesson 8 losses without clipping", train(30, 0.05, 0), plain, rtol=1e-6)
    close(report, "lesson 8 losses with clipping at 1", train(30, 0.05, 1), clipped, rtol=1e-6)


def lesson09(report, unroll):
    """Lesson 9: how much each input moves the top state of a two-layer tanh RNN."""
    norms6 = "n6 = []\nfor t in 0..T { n6 = push(n6, norm(G[t])) }\nstack(n6)"
    W1, W2, xs, long_xs, shown6, shown30 = lesson_values(unroll, "09-multilayer.md", ["W1", "W2", "xs", "long_xs", norms6, "reach30"])
    H = W1.shape[0]

    def input_sensitivities(inputs):
        a, b, layer1, layer2 = np.zeros(H), np.zeros(H), [], []
        for x in inputs:
            layer1.append((np.concatenate([x, a]), np.tanh(W1 @ np.concatenate([x, a]))))
            a = layer1[-1][1]
            layer2.append((np.concatenate([a, b]), np.tanh(W2 @ np.concatenate([a, b]))))
            b = layer2[-1][1]
        # Backward from L = sum(b_T): each layer's input splits into (from below, own previous state).
        db, da_next, out = np.ones(H), np.zeros(H), []
        for t in range(len(inputs) - 1, -1, -1):
            d2 = W2.T @ ((1 - layer2[t][1] ** 2) * db)
            da = d2[:H] + da_next
            d1 = W1.T @ ((1 - layer1[t][1] ** 2) * da)
            out.append(np.linalg.norm(d1[:len(inputs[t])]))
            db, da_next = d2[H:], d1[len(inputs[t]):]
        return out[::-1]

    close(report, "lesson 9 sensitivities over 6 steps", input_sensitivities(xs), shown6)
    close(report, "lesson 9 sensitivities over 30 steps", input_sensitivities(long_xs), shown30)


def lesson10(report, unroll):
    """Lesson 10: the gradient from c_t back to c_0, over both roads and along the cell path alone."""
    names = ["lstm.W", "lstm.b", "lstm_fb5.W", "lstm_fb5.b", "xs", "vanilla", "Whh", "Wxh", "lstm1", "lstm5", "cut1", "cut5"]
    W1, b1, W5, b5, xs, vanilla, Whh, Wxh, lstm1, lstm5, cut1, cut5 = lesson_values(unroll, "10-lstm.md", names)
    H = len(b1) // 4
    sig = lambda a: 1 / (1 + np.exp(-a))

    def gradients(W, b):
        """‖∂ sum(c_t)/∂c_0‖ every 10 steps, by products of the (h, c) step Jacobians, and the forget-gate product."""
        h, c, P, forget, every10 = np.zeros(H), np.zeros(H), np.eye(2 * H), np.ones(H), []
        Wh = W[:, :H]
        for t in range(len(xs)):
            a = W @ np.concatenate([h, xs[t]]) + b
            i, f, o, g = sig(a[:H]), sig(a[H:2 * H]), sig(a[2 * H:3 * H]), np.tanh(a[3 * H:])
            c_new = f * c + i * g
            dc_dh = np.diag(g * i * (1 - i)) @ Wh[:H] + np.diag(c * f * (1 - f)) @ Wh[H:2 * H] + np.diag(i * (1 - g * g)) @ Wh[3 * H:]
            dc_dc = np.diag(f)
            squash = np.diag(o * (1 - np.tanh(c_new) ** 2))
            dh_dh = np.diag(np.tanh(c_new) * o * (1 - o)) @ Wh[2 * H:3 * H] + squash @ dc_dh
            dh_dc = squash @ dc_dc
            P = np.block([[dh_dh, dh_dc], [dc_dh, dc_dc]]) @ P
            h, c, forget = o * np.tanh(c_new), c_new, forget * f
            if (t + 1) % 10 == 0:
                every10.append(np.linalg.norm(P[H:, H:].T @ np.ones(H)))
        return every10, np.linalg.norm(forget)

    full1, path1 = gradients(W1, b1)
    full5, path5 = gradients(W5, b5)
    close(report, "lesson 10 all routes, forget bias 1", full1, lstm1, rtol=1e-7)
    close(report, "lesson 10 all routes, forget bias 5", full5, lstm5, rtol=1e-7)
    close(report, "lesson 10 cell path alone, forget bias 1", [path1], cut1, rtol=1e-7)
    close(report, "lesson 10 cell path alone, forget bias 5", [path5], cut5, rtol=1e-7)
    # The vanilla RNN: d sum(h_t)/d h_0 through diag(1 - h^2) Whh, every 10 steps.
    h, P, every10 = np.zeros(H), np.eye(H), []
    for t in range(len(xs)):
        h = np.tanh(Whh @ h + Wxh @ xs[t])
        P = np.diag(1 - h ** 2) @ Whh @ P
        if (t + 1) % 10 == 0:
            every10.append(np.linalg.norm(P.T @ np.ones(H)))
    close(report, "lesson 10 vanilla RNN", every10, vanilla, rtol=1e-7)


def lesson15(report, unroll):
    """Lesson 15: the RNN's memory of its first input, and attention's direct path."""
    sensitivity = "norm(jacobian(out, Vals)[:, 0, :])"
    names = ["Wxh", "xs", "with_singular_values(full(0.9, H), seed=13)", "rs", "K", "Vals", "q", "out", sensitivity]
    Wxh, xs, Whh, rs, K, Vals, q, out, shown = lesson_values(unroll, "15-trade-offs.md", names)
    reach = []
    for T in range(1, 41):
        h = np.tanh(Wxh @ xs[0])
        J = np.diag(1 - h ** 2) @ Wxh
        for t in range(1, T):
            h = np.tanh(Whh @ h + Wxh @ xs[t])
            J = np.diag(1 - h ** 2) @ Whh @ J
        reach.append(np.linalg.norm(J))
    close(report, "lesson 15 RNN reach", reach, rs, rtol=1e-7)
    w = np.exp(K @ q - (K @ q).max())
    w /= w.sum()
    close(report, "lesson 15 attention output", w @ Vals, out)
    # d out / d Vals[0] = w_0 I_3, whose Frobenius norm is w_0 √3.
    close(report, "lesson 15 sensitivity to stored value 0", [w[0] * np.sqrt(3)], shown)


PRETRAINED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "pretrained")


def lstm_cell_states(model, text):
    """The cell state c after each character of `text`, from zeros, for a saved LSTM character model."""
    chars, H = model["chars"], model["hidden"]
    W = np.array(model["parameters"]["w"]["data"], dtype=float).reshape(model["parameters"]["w"]["shape"])
    b = np.array(model["parameters"]["b"]["data"], dtype=float)
    index = {c: k for k, c in enumerate(chars)}
    sigmoid = lambda x: 1 / (1 + np.exp(-x))
    h, c, states = np.zeros(H), np.zeros(H), []
    for ch in text:
        a = W[:, :H] @ h + W[:, H + index[ch]] + b   # W·[h; onehot(x)] without building the one-hot
        i, f, o, g = sigmoid(a[:H]), sigmoid(a[H:2 * H]), sigmoid(a[2 * H:3 * H]), np.tanh(a[3 * H:])
        c = f * c + i * g
        h = o * np.tanh(c)
        states.append(c)
    return np.array(states)


def correlations(C, feature):
    """Pearson r of every column of C with `feature`."""
    f = np.asarray(feature, dtype=float) - np.mean(feature)
    A = C - C.mean(axis=0)
    return (A * f[:, None]).sum(axis=0) / (np.linalg.norm(A, axis=0) * np.linalg.norm(f))


def lesson13(report, unroll):
    """Lesson 13's real model: the shipped LSTM run over its held-out code, the indentation and bracket features, the cells found."""
    model = json.load(open(os.path.join(PRETRAINED, "source-lstm.json"), encoding="utf-8"))
    text = open(os.path.join(PRETRAINED, "source-lstm.txt"), encoding="utf-8").read()
    C = lstm_cell_states(model, text)
    indentation, leading = [], True
    for ch in text:
        leading = True if ch == "\n" else leading and ch == " "
        indentation.append(1.0 if leading and ch == " " else 0.0)
    depth, d = [], 0
    for ch in text:
        d = d + 1 if ch in "([" else max(d - 1, 0) if ch in ")]" else d
        depth.append(d)
    ci, cb = correlations(C, indentation), correlations(C, depth)
    ki, kb = int(np.argmax(np.abs(ci))), int(np.argmax(np.abs(cb)))
    r4000 = correlations(C[:4000], depth[:4000])[kb]
    names = ["N", "C[1000]", "ci", "ki", "cb", "kb", "corr(C[0:4000, kb], depth[0:4000])"]
    N, c1000, lesson_ci, lesson_ki, lesson_cb, lesson_kb, lesson_r4000 = lesson_values(unroll, "13-interpretable-cells.md", names)
    close(report, "lesson 13 held-out length", [len(text)], N)
    close(report, "lesson 13 cell state after character 1000", C[1000], c1000, rtol=1e-9)
    close(report, "lesson 13 correlations with the indentation flag", ci, lesson_ci, rtol=1e-7)
    close(report, "lesson 13 indentation cell", [ki], lesson_ki)
    close(report, "lesson 13 correlations with the bracket depth", cb, lesson_cb, rtol=1e-7)
    close(report, "lesson 13 bracket cell", [kb], lesson_kb)
    close(report, "lesson 13 bracket cell over the first 4000 characters", [r4000], lesson_r4000, rtol=1e-7)
    report.require("13-interpretable-cells.md", "a cell with |r| >= 0.8 against the indentation flag on held-out code", abs(ci[ki]) >= 0.8)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--unroll", default=os.environ.get("UNROLL", ".build/debug/unroll"))
    args = parser.parse_args()
    report = Report()
    lesson02(report)
    lesson06(report)
    lesson07(report, args.unroll)
    lesson08(report, args.unroll)
    lesson09(report, args.unroll)
    lesson10(report, args.unroll)
    lesson13(report, args.unroll)
    lesson15(report, args.unroll)
    depth_lessons.check_all(report, args.unroll)
    for failure in report.failures:
        print("MISMATCH", failure)
    print(f"{report.checked} numbers confirmed by numpy, {len(report.failures)} mismatches")
    sys.exit(1 if report.failures else 0)


if __name__ == "__main__":
    main()
