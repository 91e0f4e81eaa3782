"""Builds `unroll` and installs its kernelspec into a temporary prefix before any test.

The kernelspec points at the freshly built `.build/debug/unroll`, and
JUPYTER_PATH is set so jupyter_client finds the kernel named "unroll" there.
Set UNROLL_BIN to test another binary (no build is done then).
"""
import os
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def unroll_binary() -> Path:
    explicit = os.environ.get("UNROLL_BIN")
    if explicit:
        return Path(explicit).resolve()
    subprocess.run(["swift", "build", "--product", "unroll"], cwd=ROOT, check=True)
    return ROOT / ".build" / "debug" / "unroll"


def pytest_configure(config):
    if os.environ.get("UNROLL_KERNELSPEC_READY"):
        return
    binary = unroll_binary()
    prefix = tempfile.mkdtemp(prefix="unroll-kernelspec-")
    subprocess.run([str(binary), "kernel", "install", "--prefix", prefix], check=True, stdout=subprocess.DEVNULL)
    os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")
    # Kernels started by the tests keep their history and lesson progress here, not in the user's.
    os.environ["XDG_DATA_HOME"] = os.path.join(prefix, "data")
    os.environ["UNROLL_KERNELSPEC_READY"] = "1"
    os.environ["UNROLL_KERNEL_BINARY"] = str(binary)
