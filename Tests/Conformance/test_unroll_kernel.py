"""The community conformance suite (jupyter_kernel_test) against `unroll kernel`,
plus our own protocol checks in the same style: interrupts keep state,
shutdown and restart, and messages with a bad signature are never executed.

Run: python3 -m pytest Tests/Conformance -q   (conftest.py builds and installs the kernelspec)
"""
import os
import time
import unittest

import jupyter_kernel_test
from jupyter_client.manager import start_new_kernel
from jupyter_client.session import Session

from snippets import long_running


class UnrollKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "unroll"
    language_name = "unroll"
    file_extension = ".ur"

    code_hello_world = 'print("hello, world")'

    completion_samples = [
        {"text": "pri", "matches": {"print"}},
        {"text": "plo", "matches": {"plot"}},
        {"text": "tan", "matches": {"tanh"}},
    ]
    complete_code_samples = ["1 + 2", "x = 3", 'print("hi")', "plot([1, 2, 3])"]
    incomplete_code_samples = ["print(1", "x = (1 +", "[1, 2,", "for i in 0..3 {"]
    invalid_code_samples = [")", "1 + 2)"]

    code_generate_error = "undefined_name + 1"
    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": "2 * 21", "result": "42"},
    ]
    code_display_data = [{"code": "plot([1, 2, 3])", "mime": "image/svg+xml"}]

    code_history_pattern = "1 + *"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "tanh"

    # --- our own checks -------------------------------------------------

    def test_unroll_kernel_info_describes_the_language(self):
        self.flush_channels()
        self.kc.kernel_info()
        reply = self.kc.get_shell_msg(timeout=5)
        content = reply["content"]
        self.assertEqual(content["protocol_version"], "5.3")
        self.assertEqual(content["implementation"], "unroll")
        info = content["language_info"]
        for key in ("name", "version", "mimetype", "file_extension", "pygments_lexer", "codemirror_mode"):
            self.assertIn(key, info)
        self.assertIsInstance(content["help_links"], list)

    def test_unroll_interrupt_keeps_state(self):
        self.flush_channels()
        reply, _ = self.execute_helper("keep = 7")
        self.assertEqual(reply["content"]["status"], "ok")
        started = time.monotonic()
        msg_id = self.kc.execute(long_running(30))
        time.sleep(0.5)
        self.km.interrupt_kernel()  # interrupt_mode "message": an interrupt_request on control
        reply = self.kc.get_shell_msg(timeout=10)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertLess(time.monotonic() - started, 10)
        self.flush_channels()
        reply, outputs = self.execute_helper("keep * 6")
        self.assertEqual(reply["content"]["status"], "ok")
        results = [m for m in outputs if m["msg_type"] == "execute_result"]
        self.assertEqual(results[0]["content"]["data"]["text/plain"], "42")

    def test_unroll_cells_queued_behind_a_failure_do_not_run(self):
        self.flush_channels()
        failing = self.kc.execute(long_running(0.2) + "\nundefined_name")  # runs a while, then fails
        queued = [self.kc.execute("queued = 1"), self.kc.execute("queued")]
        replies = {}
        while len(replies) < 3:
            # The failing cell's loop is about 2.5 s of work in a debug build, which a
            # machine busy with other builds can stretch past a minute: wait generously.
            reply = self.kc.get_shell_msg(timeout=300)
            replies[reply["parent_header"]["msg_id"]] = reply["content"]
        self.assertEqual(replies[failing]["ename"], "name")
        for msg_id in queued:
            self.assertEqual(replies[msg_id], {"status": "aborted"})
        self.flush_channels()
        reply, _ = self.execute_helper("queued")
        self.assertEqual(reply["content"]["status"], "error", "an aborted cell never ran")
        reply, _ = self.execute_helper("queued = 2", stop_on_error=False)
        self.assertEqual(reply["content"]["status"], "ok", "the kernel runs cells again after the abort")

    def test_unroll_silent_execution_publishes_nothing(self):
        self.flush_channels()
        reply, outputs = self.execute_helper("41 + 1", silent=True)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(outputs, [])

    def test_unroll_error_reply_matches_iopub_error(self):
        self.flush_channels()
        reply, outputs = self.execute_helper("undefined_name + 1")
        errors = [m["content"] for m in outputs if m["msg_type"] == "error"]
        self.assertEqual(len(errors), 1)
        for key in ("ename", "evalue", "traceback"):
            self.assertEqual(reply["content"][key], errors[0][key])

    def test_unroll_comm_info_is_empty(self):
        self.flush_channels()
        self.kc.comm_info()
        reply = self.kc.get_shell_msg(timeout=5)
        self.assertEqual(reply["content"], {"status": "ok", "comms": {}})

    def test_unroll_badly_signed_message_is_never_executed(self):
        self.flush_channels()
        forger = Session(key=b"not-the-connection-key", username="mallory")
        forged = forger.msg("execute_request", content={
            "code": "forged = 1", "silent": False, "store_history": True,
            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True,
        })
        forger.send(self.kc.shell_channel.socket, forged)
        unsigned = Session(key=b"", username="mallory")
        unsigned.send(self.kc.shell_channel.socket, unsigned.msg("execute_request", content={"code": "forged = 2"}))
        time.sleep(0.5)
        self.assertFalse(self.kc.shell_channel.msg_ready(), "a badly signed request was answered")
        reply, outputs = self.execute_helper("forged")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("forged", reply["content"]["evalue"])

    def test_unroll_garbage_frames_do_not_stop_the_kernel(self):
        self.flush_channels()
        socket = self.kc.shell_channel.socket
        socket.send_multipart([b"no delimiter at all"])
        socket.send_multipart([b"<IDS|MSG>", b"sig", b"{"])
        key = self.km.session.key
        garbage = Session(key=key)
        signed_bad_json = [b"{not json", b"{}", b"{}", b"{}"]
        socket.send_multipart([b"<IDS|MSG>", garbage.sign(signed_bad_json)] + signed_bad_json)
        reply, outputs = self.execute_helper("2 + 2")
        self.assertEqual(reply["content"]["status"], "ok")

    def test_unroll_unknown_request_gets_an_error_reply(self):
        self.flush_channels()
        msg = self.kc.session.msg("frobnicate_request", content={})
        self.kc.shell_channel.send(msg)
        reply = self.kc.get_shell_msg(timeout=5)
        self.assertEqual(reply["msg_type"], "frobnicate_reply")
        self.assertEqual(reply["content"]["status"], "error")


class UnrollShutdownTests(unittest.TestCase):
    """Each test starts its own kernel: these end it."""

    def start(self):
        km, kc = start_new_kernel(kernel_name="unroll", startup_timeout=30)
        self.addCleanup(lambda: km.is_alive() and km.shutdown_kernel(now=True))
        self.addCleanup(kc.stop_channels)
        return km, kc

    def test_shutdown_request_replies_then_exits(self):
        km, kc = self.start()
        for restart in (True,):
            msg_id = kc.shutdown(restart=restart)
            reply = kc.get_control_msg(timeout=5)
            self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
            self.assertEqual(reply["content"], {"status": "ok", "restart": restart})
        deadline = time.monotonic() + 5
        while km.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertFalse(km.is_alive(), "the kernel did not exit after shutdown_request")
        self.assertEqual(km.provisioner.process.poll(), 0)

    def test_restart_gives_a_fresh_working_kernel(self):
        km, kc = self.start()
        reply = kc.execute_interactive("x = 5", timeout=10)
        self.assertEqual(reply["content"]["status"], "ok")
        km.restart_kernel(now=False)
        kc.wait_for_ready(timeout=30)
        reply = kc.execute_interactive("x", timeout=10)
        self.assertEqual(reply["content"]["status"], "error", "state survived a restart")
        reply = kc.execute_interactive("y = 2", timeout=10)
        self.assertEqual(reply["content"]["status"], "ok")


if __name__ == "__main__":
    unittest.main()
