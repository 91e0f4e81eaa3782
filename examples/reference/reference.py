"""Independent numpy reference for the example scripts in examples/.

Run `python3 examples/reference/reference.py > examples/reference/expected.json`.
The hello model uses the classic hand-written backward pass (min-char-rnn style);
the LSTM uses central finite differences for its derivatives.
"""
import json
import numpy as np


def hello():
    Wxh = np.array([[0.1, -0.2, 0.3, 0.0], [0.0, 0.2, -0.1, 0.4], [-0.3, 0.1, 0.2, 0.1]])
    Whh = np.array([[0.5, -0.1, 0.0], [0.2, 0.4, -0.3], [0.0, 0.1, 0.6]])
    Why = np.array([[0.3, -0.2, 0.1], [0.1, 0.4, -0.3], [-0.2, 0.2, 0.5], [0.4, 0.0, -0.1]])
    bh = np.array([0.01, -0.02, 0.03])
    by = np.array([0.0, 0.1, -0.1, 0.05])
    inputs, targets = [0, 1, 2, 2], [1, 2, 2, 3]
    hs, xs, ps = {-1: np.zeros(3)}, {}, {}
    loss = 0.0
    for t, i in enumerate(inputs):
        xs[t] = np.eye(4)[i]
        hs[t] = np.tanh(Wxh @ xs[t] + Whh @ hs[t - 1] + bh)
        y = Why @ hs[t] + by
        ps[t] = np.exp(y - y.max()) / np.exp(y - y.max()).sum()
        loss += -np.log(ps[t][targets[t]])
    dWxh, dWhh = np.zeros_like(Wxh), np.zeros_like(Whh)
    dhnext = np.zeros(3)
    dh_at = {}
    for t in reversed(range(len(inputs))):
        dy = ps[t].copy()
        dy[targets[t]] -= 1
        dh = Why.T @ dy + dhnext
        dh_at[t] = dh
        draw = (1 - hs[t] ** 2) * dh
        dWxh += np.outer(draw, xs[t])
        dWhh += np.outer(draw, hs[t - 1])
        dhnext = Whh.T @ draw
    vocab = "helo"
    predictions = [vocab[int(np.argmax(ps[t]))] for t in range(4)]
    # hs[1] in the script is the state after the first input (numpy's hs[0]).
    return {"loss": loss, "dWhh": dWhh.tolist(), "dWxh": dWxh.tolist(), "dh1": dh_at[0].tolist(),
            "predictions": predictions}


def lstm():
    W = {k: np.array(v) for k, v in {
        "i": [[0.1, -0.2, 0.3, 0.1], [0.0, 0.2, -0.1, 0.4]],
        "f": [[0.2, 0.1, -0.1, 0.3], [-0.3, 0.2, 0.1, 0.0]],
        "o": [[0.0, -0.1, 0.2, 0.2], [0.1, 0.3, 0.0, -0.2]],
        "g": [[0.4, 0.0, -0.3, 0.1], [0.2, -0.2, 0.1, 0.3]]}.items()}
    b = {"i": np.array([0.0, 0.1]), "f": np.array([1.0, 1.0]), "o": np.array([0.0, -0.1]), "g": np.array([0.05, 0.0])}
    sig = lambda z: 1 / (1 + np.exp(-z))

    def step(h, c, x, W=W):
        z = np.concatenate([h, x])
        i, f, o = (sig(W[k] @ z + b[k]) for k in "ifo")
        g = np.tanh(W["g"] @ z + b["g"])
        c2 = f * c + i * g
        return o * np.tanh(c2), c2, o

    h0, c0, x = np.array([0.1, -0.1]), np.array([0.5, -0.5]), np.array([1.0, 2.0])
    h1, c1, o1 = step(h0, c0, x)
    h2, c2, _ = step(h1, c1, x)
    eps = 1e-6
    # ∂c2/∂c1 along every path: directly (f * c1) and through h1 = o1 * tanh(c1).
    J = np.zeros((2, 2))
    for j in range(2):
        d = np.zeros(2); d[j] = eps
        plus = step(o1 * np.tanh(c1 + d), c1 + d, x)[1]
        minus = step(o1 * np.tanh(c1 - d), c1 - d, x)[1]
        J[:, j] = (plus - minus) / (2 * eps)
    dWf = np.zeros((2, 4))
    for r in range(2):
        for s in range(4):
            def L(delta):
                W2 = dict(W); W2["f"] = W["f"].copy(); W2["f"][r, s] += delta
                a1, m1, _ = step(h0, c0, x, W2)
                return step(a1, m1, x, W2)[0].sum()
            dWf[r, s] = (L(eps) - L(-eps)) / (2 * eps)
    return {"h1": h1.tolist(), "c1": c1.tolist(), "h2": h2.tolist(), "c2": c2.tolist(),
            "J": J.tolist(), "dWf": dWf.tolist()}


if __name__ == "__main__":
    print(json.dumps({"hello_char_model": hello(), "lstm_step": lstm()}, indent=1))
