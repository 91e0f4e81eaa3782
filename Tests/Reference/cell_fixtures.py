"""Reference values for the recurrent cells, computed with numpy from fixed inputs.

Run from the repository root:  python3 Tests/Reference/cell_fixtures.py
It writes Tests/Reference/cell_fixtures.json, which RecurrentTests reads.

Conventions match the Swift library: a batch of row vectors x (N, D), states
(N, H), and weights stored as in the math (W maps a column vector), so a batch
computes x @ W.T. Every input is a deterministic np.linspace ramp.
"""
import json
import os

import numpy as np


def ramp(lo, hi, *shape):
    return np.linspace(lo, hi, num=int(np.prod(shape))).reshape(shape)


def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def enc(a):
    a = np.asarray(a, dtype=np.float64)
    return {"shape": list(a.shape), "data": a.ravel().tolist()}


def rnn_step(x, h, wxh, whh, b):
    return np.tanh(x @ wxh.T + h @ whh.T + b)


def rnn_step_backward(dnext, x, h, wxh, whh, b):
    nxt = rnn_step(x, h, wxh, whh, b)
    da = dnext * (1 - nxt ** 2)
    return {"dx": da @ wxh, "dh": da @ whh, "dwxh": da.T @ x, "dwhh": da.T @ h, "db": da.sum(axis=0)}


def lstm_step(x, h, c, w, b):
    H = h.shape[1]
    a = np.concatenate([h, x], axis=1) @ w.T + b
    i, f, o, g = sigmoid(a[:, :H]), sigmoid(a[:, H:2 * H]), sigmoid(a[:, 2 * H:3 * H]), np.tanh(a[:, 3 * H:])
    c_next = f * c + i * g
    return o * np.tanh(c_next), c_next


def gru_step(x, h, p):
    r = sigmoid(x @ p["wxr"].T + h @ p["whr"].T + p["br"])
    z = sigmoid(x @ p["wxz"].T + h @ p["whz"].T + p["bz"])
    cand = np.tanh(x @ p["wxh"].T + (r * h) @ p["whh"].T + p["bh"])
    return z * h + (1 - z) * cand


def mut_step(kind, x, h, p):
    """The three mutants of Jozefowicz et al. (2015), written straight from the lecture equations."""
    if kind == "mut1":
        z = sigmoid(x @ p["wxz"].T + p["bz"])
        r = sigmoid(x @ p["wxr"].T + h @ p["whr"].T + p["br"])
        cand = np.tanh((r * h) @ p["whh"].T + np.tanh(x) + p["bh"])
    elif kind == "mut2":
        z = sigmoid(x @ p["wxz"].T + h @ p["whz"].T + p["bz"])
        r = sigmoid(x + h @ p["whr"].T + p["br"])
        cand = np.tanh((r * h) @ p["whh"].T + x @ p["wxh"].T + p["bh"])
    else:
        z = sigmoid(x @ p["wxz"].T + np.tanh(h) @ p["whz"].T + p["bz"])
        r = sigmoid(x @ p["wxr"].T + h @ p["whr"].T + p["br"])
        cand = np.tanh((r * h) @ p["whh"].T + x @ p["wxh"].T + p["bh"])
    return cand * z + h * (1 - z)


def highway(x, wh, bh, wt, bt):
    t = sigmoid(x @ wt.T + bt)
    return t * np.tanh(x @ wh.T + bh) + (1 - t) * x


def main():
    out = {}
    # One vanilla step and its backward pass.
    N, D, H = 3, 10, 4
    x, h = ramp(-0.4, 0.7, N, D), ramp(-0.2, 0.5, N, H)
    wxh, whh, b = ramp(-0.1, 0.9, H, D), ramp(-0.3, 0.7, H, H), ramp(-0.2, 0.4, H)
    dnext = ramp(-0.5, 0.6, N, H)
    nxt = rnn_step(x, h, wxh, whh, b)
    back = rnn_step_backward(dnext, x, h, wxh, whh, b)
    out["rnn_step"] = {"x": enc(x), "h": enc(h), "wxh": enc(wxh), "whh": enc(whh), "b": enc(b),
                       "dnext": enc(dnext), "next_h": enc(nxt), **{k: enc(v) for k, v in back.items()}}

    # A vanilla sequence forward: h has shape (T, N, H).
    N, T, D, H = 2, 3, 4, 5
    xs, h0 = ramp(-0.1, 0.3, T, N, D), ramp(-0.3, 0.1, N, H)
    wxh, whh, b = ramp(-0.2, 0.3, H, D), ramp(-0.4, 0.1, H, H), ramp(-0.7, 0.1, H)
    hs, prev = [], h0
    for t in range(T):
        prev = rnn_step(xs[t], prev, wxh, whh, b)
        hs.append(prev)
    out["rnn_sequence"] = {"xs": enc(xs), "h0": enc(h0), "wxh": enc(wxh), "whh": enc(whh), "b": enc(b),
                           "hs": enc(np.stack(hs))}

    # One LSTM step: W on [h; x], gate rows i, f, o, g.
    N, D, H = 3, 4, 5
    x, h, c = ramp(-0.4, 1.2, N, D), ramp(-0.3, 0.7, N, H), ramp(-0.4, 0.9, N, H)
    w, b = ramp(-0.7, 0.3, 4 * H, H + D), ramp(0.0, 0.7, 4 * H)
    nh, nc = lstm_step(x, h, c, w, b)
    out["lstm_step"] = {"x": enc(x), "h": enc(h), "c": enc(c), "w": enc(w), "b": enc(b),
                        "next_h": enc(nh), "next_c": enc(nc)}

    # One GRU step in the seeds' form h' = z*h + (1-z)*h~.
    N, D, H = 2, 3, 4
    x, h = ramp(-0.6, 0.8, N, D), ramp(-0.5, 0.4, N, H)
    names = ["wxr", "whr", "br", "wxz", "whz", "bz", "wxh", "whh", "bh"]
    p = {}
    for k, name in enumerate(names):
        shape = (H,) if name.startswith("b") else ((H, D) if name[1] == "x" else (H, H))
        p[name] = ramp(-0.5 + 0.05 * k, 0.4 - 0.03 * k, *shape)
    out["gru_step"] = {"x": enc(x), "h": enc(h), "names": names, **{k: enc(v) for k, v in p.items()},
                       "next_h": enc(gru_step(x, h, p))}

    # Two steps of each mutant (MUT1 and MUT2 need D = H).
    mut_names = {
        "mut1": ["wxz", "bz", "wxr", "whr", "br", "whh", "bh"],
        "mut2": ["wxz", "whz", "bz", "whr", "br", "whh", "wxh", "bh"],
        "mut3": ["wxz", "whz", "bz", "wxr", "whr", "br", "whh", "wxh", "bh"],
    }
    for kind, names in mut_names.items():
        N, H = 2, 4
        D = H if kind != "mut3" else 3
        xs, h0 = ramp(-0.9, 0.8, 2, N, D), ramp(-0.6, 0.5, N, H)
        p = {}
        for k, name in enumerate(names):
            shape = (H,) if name.startswith("b") else ((H, D) if name[1] == "x" else (H, H))
            p[name] = ramp(0.45 - 0.07 * k, -0.35 + 0.04 * k, *shape)
        h1 = mut_step(kind, xs[0], h0, p)
        h2 = mut_step(kind, xs[1], h1, p)
        out[kind + "_steps"] = {"xs": enc(xs), "h0": enc(h0), "names": names, **{k: enc(v) for k, v in p.items()},
                                "hs": enc(np.stack([h1, h2]))}

    # A highway layer.
    N, n = 3, 4
    x = ramp(-1.0, 1.5, N, n)
    wh, bh, wt, bt = ramp(-0.4, 0.6, n, n), ramp(-0.1, 0.2, n), ramp(0.5, -0.5, n, n), ramp(-1.0, 0.5, n)
    out["highway"] = {"x": enc(x), "wh": enc(wh), "bh": enc(bh), "wt": enc(wt), "bt": enc(bt),
                      "y": enc(highway(x, wh, bh, wt, bt))}

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cell_fixtures.json")
    with open(path, "w") as fh:
        json.dump(out, fh, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    main()
