#!/usr/bin/env python3
"""How fast Unroll stops when asked: the latency of an interrupt inside three long
builtins (a 3000×3000 matrix product, the singular values of a large matrix, a long
`sample`), in the REPL (Ctrl-C through a pseudo-terminal) and in Jupyter (an
interrupt_request on the control channel), and how long a kernel outlives a killed
client. Prints one line per measurement; use a release build:

    swift build -c release --product unroll
    python3 bench/robustness.py .build/release/unroll

Each interrupt is sent half a second after the builtin started (its cell printed
"go"); the latency is from sending it to the cell's error (REPL: the word
"interrupted" on the terminal; Jupyter: the execute_reply). After each, the session
must still hold every variable set before.
"""
import os
import pathlib
import signal
import statistics
import subprocess
import sys
import tempfile
import time

import pexpect

SETUP = 'kept = 7\nA = randn(3000, 3000, seed=1)\nB = randn(3000, 3000, seed=2)\nM = randn(1200, 1200, seed=3)\nm = char_model(char_vocab("abcdefghij klmnop"), hidden=200, seed=1)'
CELLS = {
    "matmul 3000x3000": 'print("go"); C = A @ B',
    "svals 1200x1200": 'print("go"); s = svals(M)',
    "sample 1e6 chars": 'print("go"); t = sample(m, "a", 1000000)',
}
REPEATS = 5


def repl(binary, env):
    child = pexpect.spawn(binary, env=env, encoding="utf-8", timeout=120)
    child.expect(r"In \[1\]: ")
    for line in SETUP.splitlines():
        child.sendline(line)
        child.expect(r"In \[\d+\]: ")
    results = {}
    for name, cell in CELLS.items():
        times = []
        for _ in range(REPEATS):
            child.sendline(cell)
            child.expect("\r\ngo")
            time.sleep(0.5)
            sent = time.monotonic()
            child.sendintr()
            child.expect("interrupted")
            times.append(time.monotonic() - sent)
            child.expect(r"In \[\d+\]: ")
        child.sendline("kept + 0 * sum(A) * sum(M)")
        child.expect(r"Out\[\d+\]: 7")
        results[name] = times
    child.sendeof()
    return results


def jupyter(binary, env):
    from jupyter_client.manager import KernelManager
    km = KernelManager(kernel_name="unroll")
    km.start_kernel(env=env)
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    try:
        kc.execute_interactive(SETUP, timeout=300)
        results = {}
        for name, cell in CELLS.items():
            times = []
            for _ in range(REPEATS):
                started = {}
                msg_id = kc.execute(cell)
                while "go" not in started:
                    msg = kc.get_iopub_msg(timeout=60)
                    if msg["msg_type"] == "stream" and "go" in msg["content"]["text"]:
                        started["go"] = time.monotonic()
                time.sleep(0.5)
                sent = time.monotonic()
                km.interrupt_kernel()
                reply = kc.get_shell_msg(timeout=60)
                times.append(time.monotonic() - sent)
                assert reply["parent_header"]["msg_id"] == msg_id and reply["content"]["status"] == "error", reply["content"]
            shown = []
            kept = kc.execute_interactive("kept + 0 * sum(A) * sum(M)", timeout=60,
                                          output_hook=lambda msg: shown.append(msg["content"].get("data", {}).get("text/plain")))
            assert kept["content"]["status"] == "ok" and "7" in shown, (kept["content"], shown)
            results[name] = times
        return results
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


ORPHANING_CLIENT = """
import time
from jupyter_client.manager import KernelManager
km = KernelManager(kernel_name="unroll")
km.start_kernel()
km.client().wait_for_ready(timeout=60)
print(km.provisioner.process.pid, flush=True)
time.sleep(600)
"""


def gone(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def orphans(env):
    times = []
    for _ in range(REPEATS):
        client = subprocess.Popen([sys.executable, "-c", ORPHANING_CLIENT], stdout=subprocess.PIPE, text=True, env=env)
        pid = int(client.stdout.readline())
        client.kill()
        client.wait()
        killed = time.monotonic()
        while not gone(pid) and time.monotonic() - killed < 30:
            time.sleep(0.005)
        times.append(time.monotonic() - killed)
        if not gone(pid):
            os.kill(pid, signal.SIGKILL)
    return times


def report(what, times):
    ms = [1000 * t for t in times]
    print(f"{what:40s} median {statistics.median(ms):7.1f} ms   max {max(ms):7.1f} ms   ({len(ms)} runs)")


def main():
    binary = str(pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".build/release/unroll").resolve())
    home = tempfile.mkdtemp(prefix="unroll-robustness-")
    prefix = os.path.join(home, "prefix")
    subprocess.run([binary, "kernel", "install", "--prefix", prefix, "--no-lexer"], check=True, stdout=subprocess.DEVNULL)
    env = dict(os.environ, XDG_DATA_HOME=os.path.join(home, "data"), JUPYTER_PATH=os.path.join(prefix, "share", "jupyter"),
               NO_COLOR="1", TERM="xterm")
    os.environ.update(JUPYTER_PATH=env["JUPYTER_PATH"], XDG_DATA_HOME=env["XDG_DATA_HOME"])
    for name, times in repl(binary, env).items():
        report(f"REPL Ctrl-C in {name}", times)
    for name, times in jupyter(binary, env).items():
        report(f"Jupyter interrupt in {name}", times)
    report("kernel exit after its client is killed", orphans(env))


if __name__ == "__main__":
    main()
