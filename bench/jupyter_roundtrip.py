#!/usr/bin/env python3
"""Execute round trip of `unroll kernel` next to ipykernel, measured in the same run.

For a trivial cell (`1 + 2`) the clock runs from sending `execute_request`
until the kernel's `status: idle` for it arrives on IOPub — everything a
notebook waits for (reply, outputs, idle). The time until the shell reply is
reported too, and kernel start-up (start until `kernel_info` answered).
The two kernels are driven alternately, cell by cell, so both see the same
machine load.

Usage: python3 bench/jupyter_roundtrip.py [--runs 300] [--binary PATH]
(default binary: .build/release/unroll if built, else .build/debug/unroll)
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def ensure(module, package):
    try:
        __import__(module)
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", package], check=True)


for module, package in [("jupyter_client", "jupyter_client"), ("ipykernel", "ipykernel")]:
    ensure(module, package)

from jupyter_client.manager import start_new_kernel  # noqa: E402


def install_kernelspecs(binary):
    prefix = tempfile.mkdtemp(prefix="unroll-bench-")
    subprocess.run([str(binary), "kernel", "install", "--prefix", prefix], check=True, stdout=subprocess.DEVNULL)
    python_dir = Path(prefix, "share", "jupyter", "kernels", "bench-ipykernel")
    python_dir.mkdir(parents=True)
    spec = {"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "ipykernel (bench)", "language": "python"}
    (python_dir / "kernel.json").write_text(json.dumps(spec))
    os.environ["JUPYTER_PATH"] = str(Path(prefix, "share", "jupyter"))


def round_trip(kc, code):
    """Seconds until the shell reply and until IOPub idle for one execute_request."""
    start = time.perf_counter()
    msg_id = kc.execute(code)
    reply = kc.get_shell_msg(timeout=30)
    while reply["parent_header"].get("msg_id") != msg_id:  # a late kernel_info_reply from start-up
        reply = kc.get_shell_msg(timeout=30)
    assert reply["parent_header"]["msg_id"] == msg_id and reply["content"]["status"] == "ok", reply["content"]
    replied = time.perf_counter()
    while True:
        msg = kc.get_iopub_msg(timeout=30)
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"):
            return replied - start, time.perf_counter() - start


def startup_seconds(kernel_name, times):
    samples = []
    for _ in range(times):
        start = time.perf_counter()
        km, kc = start_new_kernel(kernel_name=kernel_name, startup_timeout=60, stderr=subprocess.DEVNULL)
        samples.append(time.perf_counter() - start)
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return statistics.median(samples)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--starts", type=int, default=3)
    parser.add_argument("--binary", type=Path)
    args = parser.parse_args()

    binary = args.binary or next((p for p in [ROOT / ".build/release/unroll", ROOT / ".build/debug/unroll"] if p.exists()), None)
    if binary is None:
        sys.exit("build unroll first: swift build -c release --product unroll")
    install_kernelspecs(binary)

    kernels = {"unroll": "unroll", "ipykernel": "bench-ipykernel"}
    clients = {name: start_new_kernel(kernel_name=spec, startup_timeout=60, stderr=subprocess.DEVNULL) for name, spec in kernels.items()}
    samples = {name: {"reply": [], "idle": []} for name in kernels}
    try:
        for i in range(args.warmup + args.runs):
            for name, (km, kc) in clients.items():
                reply, idle = round_trip(kc, "1 + 2")
                if i >= args.warmup:
                    samples[name]["reply"].append(reply)
                    samples[name]["idle"].append(idle)
    finally:
        for km, kc in clients.values():
            kc.stop_channels()
            km.shutdown_kernel(now=True)

    startup = {name: startup_seconds(spec, args.starts) for name, spec in kernels.items()}
    import ipykernel
    import jupyter_client

    print(f"execute round trip of `1 + 2`, median of {args.runs} (after {args.warmup} warm-up), "
          f"alternating kernels; jupyter_client {jupyter_client.__version__}, ipykernel {ipykernel.__version__}")
    print(f"unroll binary: {os.path.relpath(binary, ROOT)}")
    print(f"{'kernel':<10} {'to reply':>10} {'to idle':>10} {'p90 idle':>10} {'start-up':>10}")
    results = {}
    for name in kernels:
        idle = sorted(samples[name]["idle"])
        row = {
            "reply_ms": statistics.median(samples[name]["reply"]) * 1e3,
            "idle_ms": statistics.median(idle) * 1e3,
            "idle_p90_ms": idle[int(0.9 * (len(idle) - 1))] * 1e3,
            "startup_ms": startup[name] * 1e3,
        }
        results[name] = row
        print(f"{name:<10} {row['reply_ms']:>8.2f}ms {row['idle_ms']:>8.2f}ms {row['idle_p90_ms']:>8.2f}ms {row['startup_ms']:>8.0f}ms")
    ratio = results["ipykernel"]["idle_ms"] / results["unroll"]["idle_ms"]
    print(f"unroll round trip is {ratio:.1f}x {'faster' if ratio >= 1 else 'slower'} than ipykernel's")
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "jupyter_roundtrip.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
