"""What the kernel does with hostile or broken surroundings: forged and
oversized messages (logged on stderr, never executed), a bad connection file,
ports already taken, no libzmq — and a whole notebook run through nbclient."""
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

import nbformat
from jupyter_client.manager import KernelManager
from jupyter_client.session import Session
from nbclient import NotebookClient

from snippets import ARITHMETIC, long_running, print_numbers

BINARY = os.environ.get("UNROLL_KERNEL_BINARY", "unroll")


class LoggedKernel(unittest.TestCase):
    """A kernel of our own whose stderr goes to a file we can read."""

    def setUp(self):
        self.stderr = tempfile.NamedTemporaryFile(mode="w+", prefix="unroll-kernel-stderr-", delete=False)
        self.addCleanup(os.unlink, self.stderr.name)
        self.km = KernelManager(kernel_name="unroll")
        self.km.start_kernel(stderr=self.stderr)
        self.addCleanup(self.km.shutdown_kernel, now=True)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.addCleanup(self.kc.stop_channels)
        self.kc.wait_for_ready(timeout=30)

    def log(self):
        with open(self.stderr.name) as f:
            return f.read()

    def run_cell(self, code):
        return self.kc.execute_interactive(code, timeout=15, output_hook=lambda msg: None)

    def wait_for_log(self, text, timeout=5.0):
        deadline = time.monotonic() + timeout
        while text not in self.log() and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.log()


class UnrollKernelDefenceTests(LoggedKernel):
    def test_forged_signature_is_logged_and_not_executed(self):
        forger = Session(key=b"guessed-key")
        forger.send(self.kc.shell_channel.socket, forger.msg("execute_request", content={"code": "stolen = 1"}))
        self.assertIn("signature", self.wait_for_log("signature"))
        self.assertFalse(self.kc.shell_channel.msg_ready())
        self.assertEqual(self.run_cell("stolen")["content"]["status"], "error")

    def test_oversized_message_is_dropped_and_the_kernel_goes_on(self):
        session = self.km.session
        big = b"x" * (33 << 20)  # two frames of 33 MiB: each under the frame limit, together over 64 MiB
        msg = session.msg("execute_request", content={"code": "big = 1"})
        session.send(self.kc.shell_channel.socket, msg, buffers=[big, big])
        self.assertIn("exceeds", self.wait_for_log("exceeds", timeout=20))
        self.assertEqual(self.run_cell("big")["content"]["status"], "error", "the oversized request was not executed")
        self.assertEqual(self.run_cell(ARITHMETIC)["content"]["status"], "ok")

    def test_sigint_interrupts_the_cell_not_the_kernel(self):
        self.assertEqual(self.run_cell("kept = 3")["content"]["status"], "ok")
        msg_id = self.kc.execute(long_running(30))
        time.sleep(0.5)
        os.kill(self.km.provisioner.process.pid, signal.SIGINT)  # what a client in signal mode, or Ctrl-C, sends
        reply = self.kc.get_shell_msg(timeout=10)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertTrue(self.km.is_alive())
        self.assertEqual(self.run_cell("kept")["content"]["status"], "ok")

    def test_a_flood_of_prints_arrives_complete_and_in_order(self):
        texts = []
        hook = lambda msg: msg["msg_type"] == "stream" and texts.append(msg["content"]["text"])
        reply = self.kc.execute_interactive(print_numbers(20000), timeout=120, output_hook=hook)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual("".join(texts).splitlines(), [str(i) for i in range(20000)])

    def test_heartbeat_answers_while_a_cell_runs(self):
        msg_id = self.kc.execute(long_running(30))
        time.sleep(1.5)
        self.assertTrue(self.kc.hb_channel.is_beating())
        self.km.interrupt_kernel()
        reply = self.kc.get_shell_msg(timeout=10)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)


def process_is_gone(pid):
    """True once `pid` has exited (a zombie nobody has reaped yet counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


# A client that starts a kernel, says its PID, and waits to be killed.
ORPHANING_CLIENT = """
import sys, time
from jupyter_client.manager import KernelManager
km = KernelManager(kernel_name="unroll")
km.start_kernel()
kc = km.client()
kc.start_channels()
kc.wait_for_ready(timeout=60)
kc.execute("x = 1")
print(km.provisioner.process.pid, flush=True)
time.sleep(600)
"""


class UnrollKernelOrphanTests(unittest.TestCase):
    def test_the_kernel_of_a_killed_client_exits(self):
        # jupyter_client starts kernels in a session of their own with JPY_PARENT_PID set;
        # a client killed without a shutdown request must not leave its kernel running.
        client = subprocess.Popen([sys.executable, "-c", ORPHANING_CLIENT], stdout=subprocess.PIPE, text=True)
        self.addCleanup(client.wait)
        pid = int(client.stdout.readline())
        self.addCleanup(lambda: process_is_gone(pid) or os.kill(pid, signal.SIGKILL))
        self.assertFalse(process_is_gone(pid))
        client.kill()
        killed = time.monotonic()
        # The kernel checks its parent four times a second (ipykernel: once a second); the
        # generous bound keeps the test honest on a loaded machine. bench/orphan.py measures it.
        while not process_is_gone(pid) and time.monotonic() - killed < 30:
            time.sleep(0.02)
        self.assertTrue(process_is_gone(pid), "the orphaned kernel is still running")


def write_connection_file(directory, ports, **extra):
    names = ["shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"]
    info = dict(zip(names, ports), ip="127.0.0.1", key="k", transport="tcp", signature_scheme="hmac-sha256")
    info.update(extra)
    path = os.path.join(directory, "connection.json")
    with open(path, "w") as f:
        json.dump(info, f)
    return path


def free_ports(n):
    sockets = [socket.socket() for _ in range(n)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


class UnrollKernelStartupTests(unittest.TestCase):
    def run_kernel(self, *args, env=None):
        return subprocess.run([BINARY, "kernel", *args], capture_output=True, text=True, timeout=30, env=env)

    def test_missing_connection_file_is_a_usage_error(self):
        result = self.run_kernel("--connection-file", "/nonexistent/kernel.json")
        self.assertEqual(result.returncode, 2)
        self.assertIn("/nonexistent/kernel.json", result.stderr)

    def test_invalid_connection_file_names_the_field(self):
        with tempfile.TemporaryDirectory() as d:
            path = write_connection_file(d, free_ports(5), transport="carrier-pigeon")
            result = self.run_kernel("--connection-file", path)
        self.assertEqual(result.returncode, 2)
        self.assertIn("transport", result.stderr)

    def test_port_in_use_is_reported_clearly(self):
        ports = free_ports(5)
        taken = socket.socket()
        taken.bind(("127.0.0.1", ports[0]))
        taken.listen()
        try:
            with tempfile.TemporaryDirectory() as d:
                result = self.run_kernel("--connection-file", write_connection_file(d, ports))
        finally:
            taken.close()
        self.assertEqual(result.returncode, 2)
        self.assertIn("already in use", result.stderr)
        self.assertIn(str(ports[0]), result.stderr)

    def test_missing_libzmq_says_what_to_install(self):
        env = dict(os.environ, UNROLL_LIBZMQ="/nonexistent/libzmq.so.5")
        with tempfile.TemporaryDirectory() as d:
            result = self.run_kernel("--connection-file", write_connection_file(d, free_ports(5)), env=env)
        self.assertEqual(result.returncode, 2)
        self.assertIn("apt-get install libzmq5", result.stderr)


class UnrollNotebookTests(unittest.TestCase):
    def test_a_notebook_runs_under_nbclient(self):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(c) for c in ['print("hi")', "x = 20", "x + 22", "plot([1, 4, 9])"]]
        NotebookClient(nb, kernel_name="unroll", timeout=30).execute()
        counts = [cell.execution_count for cell in nb.cells]
        self.assertEqual(counts, [1, 2, 3, 4])
        self.assertEqual(nb.cells[0].outputs[0]["text"], "hi\n")
        self.assertEqual(nb.cells[2].outputs[0]["data"]["text/plain"], "42")
        self.assertIn("image/svg+xml", nb.cells[3].outputs[0]["data"])

    def test_exported_lesson_notebooks_run_without_errors(self):
        # UNROLL_ALL_LESSON_NOTEBOOKS=1 runs every lesson (about half a minute in a debug build).
        lessons = range(1, 16) if os.environ.get("UNROLL_ALL_LESSON_NOTEBOOKS") else (1, 7)
        with tempfile.TemporaryDirectory() as d:
            for n in lessons:
                path = os.path.join(d, f"lesson{n}.ipynb")
                subprocess.run([BINARY, "export", "lesson", str(n), "--ipynb", "-o", path], check=True)
                nb = nbformat.read(path, as_version=4)
                self.assertEqual(nb.metadata["kernelspec"]["name"], "unroll")
                NotebookClient(nb, kernel_name="unroll", timeout=120).execute()  # raises on an error output
                outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
                self.assertTrue(any(o.output_type == "display_data" for o in outputs), f"lesson {n} shows something")


if __name__ == "__main__":
    unittest.main()
