#!/usr/bin/env python3
"""Independent numpy model of the vanilla character RNN (min-char-rnn semantics).

Used by RecurrentTests to check the native Swift kernels. Everything is float64.
Parameters travel as one flat list in the Swift layout order:
    Wxh (H x V), Whh (H x H), Why (V x H), bh (H), by (V), each row-major.

Sub-commands (all read/write JSON):
  init  --text FILE --hidden H --seed S --out FILE
        numpy-seeded weights (randn*0.01 for Wxh, Whh, Why in that order, zero
        biases) in the weight-file format: vocab, Wxh, Whh, Why, bh, by.
  step  STATE_FILE
        one training iteration from an explicit state
        {text, seq, lr, params, mem, hprev, p, n, smooth}; prints
        {loss, smooth, grads, params, mem, hprev, p}.
  run   --init FILE --text FILE --iters N --seq T --lr LR
        free-running training from a weight file; prints {raw, smooth}.
  grads STATE_FILE
        loss and unclipped gradients of one window {text, params, hprev, p, seq}.
"""
import json
import sys

import numpy as np


def vocabulary(text):
    symbols = sorted(set(text))
    return symbols, {c: i for i, c in enumerate(symbols)}


def split(flat, H, V):
    flat = np.asarray(flat, dtype=np.float64)
    sizes = [("Wxh", (H, V)), ("Whh", (H, H)), ("Why", (V, H)), ("bh", (H, 1)), ("by", (V, 1))]
    out, at = {}, 0
    for name, shape in sizes:
        n = shape[0] * shape[1]
        out[name] = flat[at:at + n].reshape(shape).copy()
        at += n
    assert at == flat.size, "flat parameter list has the wrong length"
    return out


def join(p):
    return np.concatenate([p[k].ravel() for k in ("Wxh", "Whh", "Why", "bh", "by")])


def window_loss(p, xs, ys, h0):
    """Forward and backward over one window; returns loss, gradient dict, last h."""
    Wxh, Whh, Why, bh, by = p["Wxh"], p["Whh"], p["Why"], p["bh"], p["by"]
    steps = len(xs)
    h = {-1: h0.copy()}
    prob = {}
    total = 0.0
    for t in range(steps):
        pre = Wxh[:, [xs[t]]] + Whh @ h[t - 1] + bh
        h[t] = np.tanh(pre)
        z = Why @ h[t] + by
        z = z - z.max()
        e = np.exp(z)
        prob[t] = e / e.sum()
        total += -np.log(prob[t][ys[t], 0])
    g = {k: np.zeros_like(v) for k, v in p.items()}
    carry = np.zeros_like(h0)
    for t in range(steps - 1, -1, -1):
        dz = prob[t].copy()
        dz[ys[t]] -= 1.0
        g["Why"] += dz @ h[t].T
        g["by"] += dz
        dh = Why.T @ dz + carry
        raw = (1.0 - h[t] ** 2) * dh
        g["bh"] += raw
        g["Wxh"][:, [xs[t]]] += raw
        g["Whh"] += raw @ h[t - 1].T
        carry = Whh.T @ raw
    return total, g, h[steps - 1]


def train_step(p, mem, hprev, data, pos, n, smooth, seq, lr):
    if n == 0 or pos + seq + 1 > len(data):
        hprev = np.zeros_like(hprev)
        pos = 0
    xs, ys = data[pos:pos + seq], data[pos + 1:pos + seq + 1]
    loss, g, hprev = window_loss(p, xs, ys, hprev)
    for k in g:
        np.clip(g[k], -5.0, 5.0, out=g[k])
    smooth = smooth * 0.999 + loss * 0.001
    for k in p:
        mem[k] += g[k] * g[k]
        p[k] += -lr * g[k] / np.sqrt(mem[k] + 1e-8)
    return loss, smooth, g, hprev, pos + seq


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def cmd_init(args):
    text = read_text(args["--text"])
    symbols, _ = vocabulary(text)
    H, V = int(args["--hidden"]), len(symbols)
    np.random.seed(int(args["--seed"]))
    Wxh = np.random.randn(H, V) * 0.01
    Whh = np.random.randn(H, H) * 0.01
    Why = np.random.randn(V, H) * 0.01
    out = {"vocab": "".join(symbols), "Wxh": Wxh.tolist(), "Whh": Whh.tolist(), "Why": Why.tolist(),
           "bh": [0.0] * H, "by": [0.0] * V}
    with open(args["--out"], "w") as f:
        json.dump(out, f)


def load_weights(path):
    with open(path) as f:
        w = json.load(f)
    p = {k: np.array(w[k], dtype=np.float64) for k in ("Wxh", "Whh", "Why")}
    p["bh"] = np.array(w["bh"], dtype=np.float64).reshape(-1, 1)
    p["by"] = np.array(w["by"], dtype=np.float64).reshape(-1, 1)
    return w["vocab"], p


def cmd_run(args):
    text = read_text(args["--text"])
    vocab, p = load_weights(args["--init"])
    symbols, index = vocabulary(text)
    assert "".join(symbols) == vocab, "vocabulary of the text differs from the weight file"
    data = [index[c] for c in text]
    seq, lr, iters = int(args["--seq"]), float(args["--lr"]), int(args["--iters"])
    H = p["Whh"].shape[0]
    mem = {k: np.zeros_like(v) for k, v in p.items()}
    hprev, pos = np.zeros((H, 1)), 0
    smooth = -np.log(1.0 / len(symbols)) * seq
    raw, smooths = [], []
    for n in range(iters):
        loss, smooth, _, hprev, pos = train_step(p, mem, hprev, data, pos, n, smooth, seq, lr)
        raw.append(float(loss))
        smooths.append(float(smooth))
    print(json.dumps({"raw": raw, "smooth": smooths}))


def load_state(path):
    with open(path) as f:
        s = json.load(f)
    symbols, index = vocabulary(s["text"])
    data = [index[c] for c in s["text"]]
    H, V = len(s["hprev"]), len(symbols)
    return s, data, H, V


def cmd_step(path):
    s, data, H, V = load_state(path)
    p, mem = split(s["params"], H, V), split(s["mem"], H, V)
    hprev = np.array(s["hprev"], dtype=np.float64).reshape(H, 1)
    loss, smooth, g, hprev, pos = train_step(p, mem, hprev, data, s["p"], s["n"], s["smooth"], s["seq"], s["lr"])
    print(json.dumps({"loss": float(loss), "smooth": float(smooth), "grads": join(g).tolist(),
                      "params": join(p).tolist(), "mem": join(mem).tolist(),
                      "hprev": hprev.ravel().tolist(), "p": pos}))


def cmd_grads(path):
    s, data, H, V = load_state(path)
    p = split(s["params"], H, V)
    hprev = np.array(s["hprev"], dtype=np.float64).reshape(H, 1)
    pos, seq = s["p"], s["seq"]
    loss, g, hlast = window_loss(p, data[pos:pos + seq], data[pos + 1:pos + seq + 1], hprev)
    print(json.dumps({"loss": float(loss), "grads": join(g).tolist(), "hprev": hlast.ravel().tolist()}))


def main(argv):
    if not argv:
        sys.exit(__doc__)
    command, rest = argv[0], argv[1:]
    if command in ("step", "grads"):
        (cmd_step if command == "step" else cmd_grads)(rest[0])
    else:
        args = dict(zip(rest[::2], rest[1::2]))
        {"init": cmd_init, "run": cmd_run}[command](args)


if __name__ == "__main__":
    main(sys.argv[1:])
