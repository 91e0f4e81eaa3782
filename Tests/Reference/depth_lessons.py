"""Independent numpy recomputation of the numbers the chapters from lesson 16 on show.

Each lesson is run as its students see it (its cells in order, with every exercise's
reference solution in place of the starter) through `unroll run --json`, and every number it
prints is compared with the same quantity computed here in numpy: the forward passes, the
hand-written backward passes, the training runs of `fit` (Adam, clipping and minibatches
re-implemented), correlations and attention weights. Random inputs come from the language's
own generator, which numpy cannot reproduce, so they are fetched with `unroll run --json`;
everything computed from them is numpy's own.

lesson_numbers.py calls `check_all(report, unroll)`.
"""
import json
import os
import re
import subprocess

import numpy as np

LESSONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lessons")
NUMBER = r"-?\d+(?:\.\d*)?(?:e[-+]?\d+)?"


def lesson_code(name):
    """The lesson's code as a student runs it: its cells, with each starter replaced by the solution."""
    text = open(os.path.join(LESSONS, name), encoding="utf-8").read()
    blocks = re.findall(r"```unroll([^\n]*)\n(.*?)```", text, re.S)
    solutions = {m.group(1): code for info, code in blocks for m in [re.match(r"\s*solution=(\w+)", info)] if m}
    parts = []
    for info, code in blocks:
        info = info.strip()
        if info == "":
            parts.append(code)
        elif info.startswith("starter="):
            parts.append(solutions[info.split("=", 1)[1]])
    return "\n".join(parts)


def run_json(unroll, code):
    """Every output of a program, in order: ('stdout', text) or ('value', value)."""
    out = subprocess.run([unroll, "run", "--json", "-"], input=code, capture_output=True, text=True)
    items = []
    for line in out.stdout.splitlines():
        obj = json.loads(line)
        if "error" in obj:
            raise RuntimeError(f"the program failed: {obj['error']}")
        if "stdout" in obj:
            items.append(("stdout", obj["stdout"]))
        elif "value" in obj:
            items.append(("value", obj["value"]))
    if out.returncode != 0:
        raise RuntimeError(f"unroll run exited with {out.returncode}: {out.stderr[-500:]}")
    return items


def values(unroll, code):
    """The values of the program's bare expressions, as numpy arrays."""
    result = []
    for kind, v in run_json(unroll, code):
        if kind == "value":
            result.append(np.array(v["data"], dtype=float).reshape(v["shape"]))
    return result


class Printed:
    """What a lesson printed, searchable by the label a line starts with."""

    def __init__(self, items):
        self.lines = []
        self.values = []
        for kind, v in items:
            if kind == "stdout":
                self.lines += v.splitlines()
            else:
                self.values.append(v)

    def numbers(self, label, occurrence=0):
        """The numbers on the `occurrence`-th printed line that starts with `label` (after the label)."""
        hits = [line for line in self.lines if line.startswith(label)]
        if len(hits) <= occurrence:
            raise KeyError(f"no printed line starts with {label!r}")
        return [float(x) for x in re.findall(NUMBER, hits[occurrence][len(label):])]

    def value(self, index):
        v = self.values[index]
        return np.array(v["data"], dtype=float).reshape(v["shape"]) if isinstance(v, dict) else v


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def softmax(y, axis=-1):
    z = np.exp(y - y.max(axis=axis, keepdims=True))
    return z / z.sum(axis=axis, keepdims=True)


# MARK: Lesson 16, min-char-rnn line by line

def char_window(params, inputs, targets, hprev):
    """min-char-rnn's lossFun, corrected: the window's summed loss, the five gradients, the last state."""
    Wxh, Whh, Why, bh, by = params
    V = Why.shape[0]
    hs, ps, loss = [hprev], [], 0.0
    for t, ix in enumerate(inputs):
        hs.append(np.tanh(Wxh[:, ix] + Whh @ hs[-1] + bh))
        ps.append(softmax(Why @ hs[-1] + by))
        loss -= np.log(ps[-1][targets[t]])
    grads = [np.zeros_like(w) for w in params]
    dh_next = np.zeros_like(hprev)
    for t in reversed(range(len(inputs))):
        dy = ps[t].copy()
        dy[targets[t]] -= 1
        grads[2] += np.outer(dy, hs[t + 1])
        grads[4] += dy
        da = (1 - hs[t + 1] ** 2) * (Why.T @ dy + dh_next)
        grads[3] += da
        grads[0][:, inputs[t]] += da
        grads[1] += np.outer(da, hs[t])
        dh_next = Whh.T @ da
    return loss, grads, hs[-1]


def min_char_rnn(params, data, iters, T=25, lr=0.1):
    """Adagrad with elementwise clipping to [-5, 5], windows in order, the state carried."""
    params = [w.copy() for w in params]
    mems = [np.zeros_like(w) for w in params]
    losses, p, h = [], 0, None
    for n in range(iters):
        if n == 0 or p + T + 1 > len(data):
            p, h = 0, np.zeros(params[1].shape[0])
        loss, grads, h = char_window(params, data[p:p + T], data[p + 1:p + T + 1], h)
        for w, g, m in zip(params, grads, mems):
            g = np.clip(g, -5, 5)
            m += g * g
            w -= lr * g / np.sqrt(m + 1e-8)
        losses.append(loss)
        p += T
    return params, np.array(losses)


def sample_text(params, seed_ix, us, chars):
    Wxh, Whh, Why, bh, by = params
    h, x, out = np.zeros(Whh.shape[0]), seed_ix, []
    for u in us:
        h = np.tanh(Wxh[:, x] + Whh @ h + bh)
        x = min(int(np.searchsorted(np.cumsum(softmax(Why @ h + by)), u, side="right")), len(chars) - 1)
        out.append(chars[x])
    return "".join(out)


def lesson16(report, unroll):
    name = "16-min-char-rnn.md"
    code = lesson_code(name)
    text = json.loads(re.search(r'^text = ("[^\n]*")$', code, re.M).group(1))
    chars = sorted(set(text))
    data = [chars.index(ch) for ch in text]
    got = values(unroll, f"m = char_model(char_vocab({json.dumps(text)}), hidden=32, seed=5)\n"
                         "m.Wxh\nm.Whh\nm.Why\nm.bh\nm.by\nrand(60, seed=7)\n")
    params, us = got[:5], got[5]
    shown = Printed(run_json(unroll, code))
    report.compare_shown(name, "characters", shown.numbers("")[:2], [len(text), len(chars)])
    L0, grads, _ = char_window(params, data[:25], data[1:26], np.zeros(32))
    report.compare_shown(name, "first window:", shown.numbers("first window:"), [L0, 25, 25 * np.log(len(chars))])
    # The hand-derived gradients of this file against finite differences of the window's loss.
    for k in (1, 3):
        def loss_k(w, k=k):
            p = list(params)
            p[k] = w
            return char_window(p, data[:25], data[1:26], np.zeros(32))[0]
        report.require(name, f"min-char-rnn gradient {k} vs finite differences",
                       np.abs(numeric_gradient(loss_k, params[k]) - grads[k]).max() < 1e-6)
    report.require(name, "the gaps from grad and the native trainer are rounding",
                   shown.numbers("largest difference from grad:")[0] < 1e-12
                   and shown.numbers("largest difference from the native trainer:")[0] < 1e-12)
    _, losses10 = min_char_rnn(params, data, 10)
    report.compare_shown(name, "our first losses:", shown.numbers("our first losses:"), losses10[:4])
    report.compare_shown(name, "native first losses:", shown.numbers("native first losses:"), losses10[:4])
    smooth = 25 * np.log(len(chars))
    for loss in losses10:
        smooth = 0.999 * smooth + 0.001 * loss
    report.compare_shown(name, "smoothed loss after 10", shown.numbers("smoothed loss after 10 iterations:"), [smooth])
    # Training is chaotic in its rounding (Adagrad's first steps divide tiny gradients by their own size):
    # two correct implementations part after about 20 iterations. So the longer runs are checked from
    # the native trainer's weights: the samples and the losses per character are numpy's.
    for n in (100, 300, 1000):
        trained = values(unroll, f"r = train(char_model(char_vocab({json.dumps(text)}), hidden=32, seed=5), {json.dumps(text)}, iters={n}, seq=25).model\n"
                                 "r.Wxh\nr.Whh\nr.Why\nr.bh\nr.by\n")
        line = next(l for l in shown.lines if l.startswith(f"after {n} iterations: "))
        report.require(name, f"the sample after {n} iterations is numpy's",
                       line == f"after {n} iterations: {sample_text(trained, data[0], us, chars)}")
        per_char = char_window(trained, data[:-1], data[1:], np.zeros(32))[0] / (len(data) - 1)
        report.compare_shown(name, f"loss per character after {n}", shown.numbers(f"  loss per character after {n} iterations:"), [per_char])


# MARK: Lesson 17, backpropagation through an LSTM by hand

def lstm_forward(h, c, x, W, b):
    H = len(h)
    z = np.concatenate([h, x])
    a = W @ z + b
    i, f, o, g = sigmoid(a[:H]), sigmoid(a[H:2 * H]), sigmoid(a[2 * H:3 * H]), np.tanh(a[3 * H:])
    c2 = f * c + i * g
    return o * np.tanh(c2), c2, (z, i, f, o, g)


def lstm_backward(h, c, x, W, b, dh, dc):
    """The step's gradients (dh, dc, dx, dW, db) for upstream gradients dh, dc — derived by hand."""
    H = len(h)
    h2, c2, (z, i, f, o, g) = lstm_forward(h, c, x, W, b)
    tc = np.tanh(c2)
    dct = dc + dh * o * (1 - tc ** 2)
    da = np.concatenate([dct * g * i * (1 - i), dct * c * f * (1 - f), dh * tc * o * (1 - o), dct * i * (1 - g ** 2)])
    dz = W.T @ da
    return dz[:H], dct * f, dz[H:], np.outer(da, z), da


def numeric_gradient(f, x, eps=1e-6):
    g = np.zeros_like(x)
    for k in range(x.size):
        e = np.zeros(x.size)
        e[k] = eps
        e = e.reshape(x.shape)
        g.flat[k] = (f(x + e) - f(x - e)) / (2 * eps)
    return g


def lesson17(report, unroll):
    name = "17-lstm-backward.md"
    W, b, h0, c0, x0, dh_up, dc_up, xs, us, Wz, Wr, Wc = values(unroll, """
lstm = cell("lstm", 3, 4, seed=3)
lstm.W
lstm.b
0.5 * randn(4, seed=4)
randn(4, seed=5)
randn(3, seed=6)
randn(4, seed=7)
randn(4, seed=8)
randn(6, 3, seed=9)
randn(6, 4, seed=10)
randn(4, 7, seed=11) / 2
randn(4, 7, seed=12) / 2
randn(4, 7, seed=13) / 2
""")
    shown = Printed(run_json(unroll, lesson_code(name)))
    h1, c1, (_, i, f, o, g) = lstm_forward(h0, c0, x0, W, b)
    report.compare_shown(name, "h' =", shown.numbers("h' ="), h1)
    report.compare_shown(name, "c' =", shown.numbers("c' ="), c1)
    F = lambda W_: dh_up @ lstm_forward(h0, c0, x0, W_, b)[0] + dc_up @ lstm_forward(h0, c0, x0, W_, b)[1]
    report.compare_shown(name, "F", [shown.value(0)], [F(W)])
    dct = dc_up + dh_up * o * (1 - np.tanh(c1) ** 2)
    report.compare_shown(name, "dc_total =", shown.numbers("dc_total ="), dct)
    report.compare_shown(name, "dc (to the old cell) =", shown.numbers("dc (to the old cell) ="), dct * f)
    report.compare_shown(name, "grad:", shown.numbers("grad:"), dct * f)
    # The hand-derived backward pass of this file against finite differences of the forward pass.
    grads = lstm_backward(h0, c0, x0, W, b, dh_up, dc_up)
    F_all = lambda h, c, x, W_, b_: dh_up @ lstm_forward(h, c, x, W_, b_)[0] + dc_up @ lstm_forward(h, c, x, W_, b_)[1]
    args = [h0, c0, x0, W, b]
    for k, analytic in enumerate(grads):
        def f_k(v, k=k):
            a = list(args)
            a[k] = v
            return F_all(*a)
        report.require(name, f"backward input {k + 1} vs finite differences",
                       np.abs(numeric_gradient(f_k, args[k]) - analytic).max() < 1e-7)
    report.require(name, "max_gap is rounding", abs(shown.value(1)) < 1e-12)

    def seq_F(W_, b_):
        h, c, total = np.zeros(4), np.zeros(4), 0.0
        for t in range(6):
            h, c, _ = lstm_forward(h, c, xs[t], W_, b_)
            total += us[t] @ h
        return total
    report.compare_shown(name, "seq_F", [shown.value(2)], [seq_F(W, b)])

    def gru(h, x):
        zx = np.concatenate([h, x])
        z, r = sigmoid(Wz @ zx), sigmoid(Wr @ zx)
        cand = np.tanh(Wc @ np.concatenate([r * h, x]))
        return (1 - z) * h + z * cand
    report.compare_shown(name, "gru_F", [shown.value(3)], [dh_up @ gru(h0, x0)])


# MARK: Lessons 18 and 19, training with fit (re-implemented: minibatches in order, mean loss,
# global-norm clipping at 1, Adam with bias correction)

class Net:
    """A cell ("rnn" with tanh or relu, or "lstm") and a readout, on batches of rows."""

    def __init__(self, kind, params, act="tanh"):
        self.kind, self.p, self.act = kind, {k: v.copy() for k, v in params.items()}, act

    def forward(self, X):
        p, n = self.p, X.shape[0]
        H = p["Whh"].shape[0] if self.kind == "rnn" else p["b"].shape[0] // 4
        h, c, cache, cs = np.zeros((n, H)), np.zeros((n, H)), [], []
        for t in range(X.shape[1]):
            x = X[:, t]
            if self.kind == "rnn":
                a = x @ p["Wxh"].T + h @ p["Whh"].T + p["b"]
                hn = np.tanh(a) if self.act == "tanh" else np.maximum(a, 0)
                cache.append((h, x, hn))
                h = hn
            else:
                z = np.concatenate([h, x], 1)
                a = z @ p["W"].T + p["b"]
                i, f, o, g = sigmoid(a[:, :H]), sigmoid(a[:, H:2 * H]), sigmoid(a[:, 2 * H:3 * H]), np.tanh(a[:, 3 * H:])
                cn = f * c + i * g
                cache.append((h, c, z, i, f, o, g, cn))
                h, c = o * np.tanh(cn), cn
                cs.append(c)
        return h, cache, cs

    def loss_and_grads(self, X, y, hidden_grads=False):
        """Mean cross-entropy at the last step and its gradients (and, optionally, ‖∂L/∂h_t‖ or ‖∂L/∂c_t‖ per step)."""
        p, n = self.p, X.shape[0]
        h, cache, _ = self.forward(X)
        s = h @ p["Why"].T + p["by"]
        prob = softmax(s, axis=1)
        loss = -np.log(prob[np.arange(n), y]).mean()
        dy = prob.copy()
        dy[np.arange(n), y] -= 1
        dy /= n
        G = {k: np.zeros_like(v) for k, v in p.items()}
        G["Why"], G["by"] = dy.T @ h, dy.sum(0)
        dh = dy @ p["Why"]
        dc = np.zeros_like(dh)
        norms = []
        for t in reversed(range(len(cache))):
            if self.kind == "rnn":
                hp, x, hn = cache[t]
                norms.append(np.linalg.norm(dh))
                da = dh * ((1 - hn ** 2) if self.act == "tanh" else (hn > 0))
                G["Wxh"] += da.T @ x
                G["Whh"] += da.T @ hp
                G["b"] += da.sum(0)
                dh = da @ p["Whh"]
            else:
                hp, cp, z, i, f, o, g, cn = cache[t]
                H = hp.shape[1]
                tc = np.tanh(cn)
                dct = dc + dh * o * (1 - tc ** 2)
                norms.append(np.linalg.norm(dct))
                da = np.concatenate([dct * g * i * (1 - i), dct * cp * f * (1 - f), dh * tc * o * (1 - o), dct * i * (1 - g ** 2)], 1)
                G["W"] += da.T @ z
                G["b"] += da.sum(0)
                dh = (da @ p["W"])[:, :H]
                dc = dct * f
        return loss, G, np.array(norms[::-1])

    def predict(self, X):
        h, _, _ = self.forward(X)
        return np.argmax(h @ self.p["Why"].T + self.p["by"], axis=1)


def fit(net, X, y, iters, batch, lr, clip=1.0):
    m = {k: np.zeros_like(v) for k, v in net.p.items()}
    v = {k: np.zeros_like(v) for k, v in net.p.items()}
    losses = []
    for it in range(iters):
        rows = [(it * batch + r) % len(X) for r in range(batch)]
        loss, G, _ = net.loss_and_grads(X[rows], y[rows])
        norm = np.sqrt(sum((g ** 2).sum() for g in G.values()))
        if norm > clip:
            for k in G:
                G[k] *= clip / norm
        step = it + 1
        for k in net.p:
            m[k] = 0.9 * m[k] + 0.1 * G[k]
            v[k] = 0.999 * v[k] + 0.001 * G[k] ** 2
            net.p[k] -= lr * (m[k] / (1 - 0.9 ** step)) / (np.sqrt(v[k] / (1 - 0.999 ** step)) + 1e-8)
        losses.append(loss)
    return np.array(losses)


TASK = """
def make_task(n, seed0) = concat(randint(0, 4, n, 1, seed=seed0), randint(4, 8, n, 48, seed=seed0 + 1), full(8, n, 1), axis=1)
make_task(12800, 1)
make_task(1000, 3)
"""


def start_weights(unroll, cells):
    """Each cell record's tensors and the readout fit starts from (fit(…, iters=0, seed=1))."""
    code = "X1 = onehot(concat(zeros(2, 1), ones(2, 1), axis=1), 9)\n"
    fields = []
    for name, (expr, keys) in cells.items():
        code += f"c_{name} = {expr}\nr_{name} = fit(c_{name}, X1, [0, 3], iters=0, batch=1, seed=1)\n"
        for k in keys:
            code += f"c_{name}.{k}\n"
        code += f"r_{name}.readout.Why\nr_{name}.readout.by\n"
        fields.append((name, keys + ["Why", "by"]))
    got = values(unroll, code)
    out, k = {}, 0
    for name, keys in fields:
        out[name] = dict(zip(keys, got[k:k + len(keys)]))
        k += len(keys)
    return out


def lesson18(report, unroll):
    name = "18-long-range.md"
    ids, ids_test = values(unroll, TASK)
    X, y = np.eye(9)[ids.astype(int)], ids[:, 0].astype(int)
    Xt, yt = np.eye(9)[ids_test.astype(int)], ids_test[:, 0].astype(int)
    w = start_weights(unroll, {"rnn": ('cell("rnn", 9, 16, seed=1)', ["Wxh", "Whh", "b"]),
                               "lstm": ('cell("lstm", 9, 16, seed=1, forget_bias=3)', ["W", "b"])})
    shown = Printed(run_json(unroll, lesson_code(name)))
    nets = {k: Net(k, w[k]) for k in ("rnn", "lstm")}
    # The gradient reaching each step, before training.
    g_rnn = nets["rnn"].loss_and_grads(Xt[:64], yt[:64])[2]
    g_lstm = nets["lstm"].loss_and_grads(Xt[:64], yt[:64])[2]
    report.compare_shown(name, "vanilla RNN, |dL/dh_t|", shown.numbers("vanilla RNN, |dL/dh_t| at t = 50, 25, 1:"), g_rnn[[49, 24, 0]])
    report.compare_shown(name, "LSTM, |dL/dc_t|", shown.numbers("LSTM, |dL/dc_t| at t = 50, 25, 1:"), g_lstm[[49, 24, 0]])
    report.require(name, "the vanilla gradient shrinks about 0.88 per step", abs((g_rnn[0] / g_rnn[49]) ** (1 / 49) - 0.88) < 0.005)
    report.require(name, "the LSTM's cell gradient is larger at step 1 than at step 50", g_lstm[0] > g_lstm[49])
    for kind, label in (("rnn", "vanilla RNN: first loss"), ("lstm", "LSTM:        first loss")):
        losses = fit(nets[kind], X, y, 400, 32, 0.003)
        numbers = shown.numbers(label)
        report.compare_shown(name, label, [numbers[0], numbers[-1]], [losses[0], losses[-20:].mean()])
    acc = [np.mean(nets[k].predict(Xt) == yt) for k in ("rnn", "lstm")]
    report.compare_shown(name, "accuracy", shown.numbers("accuracy on 1000 new sequences: vanilla RNN"), acc)


def lesson19(report, unroll):
    name = "19-initialisation.md"
    W_small, W_random, W_orth, Wxh, xs = values(unroll, """
0.01 * randn(16, 16, seed=21)
cell("rnn", 9, 16, seed=1).Whh
orthogonal(16, seed=22)
cell("rnn", 9, 16, seed=1).Wxh
randint(4, 8, 100, seed=23)
""")
    shown = Printed(run_json(unroll, lesson_code(name)))
    for label, W in (("small random: ", W_small), ("scaled random:", W_random), ("orthogonal:   ", W_orth), ("identity:     ", np.eye(16))):
        s = np.linalg.svd(W, compute_uv=False)
        report.compare_shown(name, label, shown.numbers(label), [s[0], s[-1]])
    X1 = np.eye(9)[xs.astype(int)]

    def reach(W, act):
        h, J = np.zeros(16), np.eye(16)
        for t in range(100):
            a = W @ h + Wxh @ X1[t]
            h = np.tanh(a) if act == "tanh" else np.maximum(a, 0)
            slope = (1 - h ** 2) if act == "tanh" else (a > 0).astype(float)
            J = (slope[:, None] * W) @ J
        return np.linalg.norm(J, 2)
    expected = [reach(W_small, "tanh"), reach(W_random, "tanh"), reach(W_orth, "tanh"), reach(np.eye(16), "tanh"), reach(np.eye(16), "relu")]
    for label, e in zip(["small, tanh", "scaled random, tanh", "orthogonal, tanh", "identity, tanh", "identity, relu (IRNN)"], expected):
        report.compare_shown(name, label, shown.numbers(label + " :"), [e])
    ids, _ = values(unroll, TASK)
    X, y = np.eye(9)[ids.astype(int)], ids[:, 0].astype(int)
    w = start_weights(unroll, {"relu": ('cell("rnn", 9, 16, seed=1, activation="relu")', ["Wxh", "Whh", "b"]),
                               "tanh": ('cell("rnn", 9, 16, seed=1)', ["Wxh", "Whh", "b"])})
    runs = [("relu, scaled random", "relu", w["relu"]["Whh"]), ("relu, orthogonal", "relu", W_orth),
            ("tanh, orthogonal", "tanh", W_orth), ("relu, identity (IRNN)", "relu", np.eye(16))]
    for label, act, Whh in runs:
        params = dict(w[act])
        params["Whh"] = Whh
        losses = fit(Net("rnn", params, act), X, y, 400, 32, 0.003)
        report.compare_shown(name, label, shown.numbers(label + " : mean loss of the last 20 iterations"), [losses[-20:].mean()])
        if label == "relu, identity (IRNN)":
            report.require(name, "the IRNN starts at 6.25 and jumps to 20 near iteration 250",
                           abs(losses[0] - 6.25) < 0.005 and 19 < losses.max() < 21 and 240 < losses.argmax() < 260)


# MARK: Lesson 20, captioning with attention

TRIPLES = [[0, 1, 2], [0, 1, 3], [0, 2, 3], [1, 2, 3]]
PLACES = [[0, 4, 8], [2, 4, 6], [1, 5, 6], [3, 7, 2], [8, 0, 5], [6, 1, 4], [5, 3, 0], [7, 2, 3], [4, 8, 1]]
WORDS = ["<START>", "<END>", "cat", "dog", "ball", "tree"]


def picture(kinds, cells, shift):
    img = np.zeros((9, 4))
    for j in range(3):
        img[cells[(j + shift) % 3], kinds[j]] = 1
    return img


def attend(h, F, Wa, ba):
    alpha = softmax(F @ (Wa @ h + ba))
    return alpha, alpha @ F


def caption_step(h, word, F, p):
    Wa, ba, Wxh, Whh, Wzh, Why = p
    alpha, z = attend(h, F, Wa, ba)
    h = np.tanh(Wxh[:, word] + Whh @ h + Wzh @ z)
    return h, alpha, np.log(softmax(Why @ h))


def caption_loss(p, imgs, caps):
    total = 0.0
    for F, cap in zip(imgs, caps):
        h = np.zeros(p[3].shape[0])
        for t in range(4):
            h, _, logp = caption_step(h, cap[t], F, p)
            total -= logp[cap[t + 1]]
    return total / len(imgs)


def lesson20(report, unroll):
    name = "20-attention.md"
    imgs = [picture(TRIPLES[k], PLACES[q], k + q) for k in range(4) for q in range(9)]
    caps = [[0] + [kind + 2 for kind in TRIPLES[k]] + [1] for k in range(4) for q in range(9)]
    start = values(unroll, "seed(7)\n0.3 * randn(4, 16)\nzeros(4)\n0.3 * randn(16, 6)\n0.3 * randn(16, 16)\n0.3 * randn(16, 4)\n0.3 * randn(6, 16)\n")
    code = lesson_code(name)
    items = run_json(unroll, code + "\nWa\nba\nWxh\nWhh\nWzh\nWhy\n")
    trained = [np.array(v["data"], dtype=float).reshape(v["shape"]) for kind, v in items[-6:]]
    shown = Printed(items[:-6])
    report.compare_shown(name, "pictures", shown.numbers("")[:1] + shown.numbers("")[1:4], [36, 36, 9, 4])
    report.compare_shown(name, "loss before training:", shown.numbers("loss before training:"),
                         [caption_loss(start, imgs, caps), 4, 6, 4 * np.log(6)])
    report.compare_shown(name, "loss after", shown.numbers("loss after"), [150, caption_loss(trained, imgs, caps)])
    # Training (150 Adagrad steps) is checked by its result: the trained weights' loss above and
    # everything they do below is numpy's.
    test_img = picture([0, 2, 3], [1, 8, 3], 0)
    h, word, said, looks = np.zeros(16), 0, [], []
    for t in range(6):
        h, alpha, logp = caption_step(h, word, test_img, trained)
        word = int(np.argmax(logp))
        said.append(word)
        looks.append(alpha)
        if word == 1:
            break
    report.require(name, "the test caption is numpy's", " ".join(WORDS[w] for w in said) + " " in shown.lines)
    for t in range(3):
        where = test_img[:, said[t] - 2]
        report.compare_shown(name, f"weight of word {t}", shown.numbers(WORDS[said[t]] + " : weight on its cell"),
                             [looks[t] @ where, np.max(looks[t] * (1 - where))])
    # The gradient of each word's log-probability with respect to the features read at each step,
    # by finite differences of numpy's forward pass.
    cap = caps[0]

    def logp_word(t, copies):
        h = np.zeros(16)
        for k in range(t + 1):
            h, _, logp = caption_step(h, cap[k], copies[k], trained)
        return logp[cap[t + 1]]
    G = np.zeros((4, 4))
    for t in range(4):
        for s_ in range(t + 1):
            def f(F, t=t, s_=s_):
                copies = [imgs[0]] * 4
                copies = copies[:s_] + [F] + copies[s_ + 1:]
                return logp_word(t, copies)
            G[t, s_] = np.linalg.norm(numeric_gradient(f, imgs[0]))
    report.compare_shown(name, "G", list(shown.value(len(shown.values) - 1).ravel()), G)


def check_all(report, unroll):
    lesson16(report, unroll)
    lesson17(report, unroll)
    lesson18(report, unroll)
    lesson19(report, unroll)
    lesson20(report, unroll)
