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

from snippets import NOTE_ON_STDERR, TENSOR_AND_RECORD, long_running


class UnrollKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "unroll"
    language_name = "unroll"
    file_extension = ".ur"

    code_hello_world = 'print("hello, world")'
    code_stderr = NOTE_ON_STDERR
    code_page_something = "?tanh"

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

    # --- user_expressions, completion after '.', is_complete indent --------

    def test_unroll_user_expressions_are_evaluated_without_side_effects(self):
        self.flush_channels()
        reply, _ = self.execute_helper("ue = 21")
        count = reply["content"]["execution_count"]
        msg_id = self.kc.execute("ue + 0", user_expressions={"double": "ue * 2", "pair": "[ue, ue]", "bad": "nope + 1"})
        reply = self.kc.get_shell_msg(timeout=10)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        expressions = reply["content"]["user_expressions"]
        self.assertEqual(expressions["double"]["status"], "ok")
        self.assertEqual(expressions["double"]["data"]["text/plain"], "42")
        self.assertIn("21", expressions["pair"]["data"]["text/plain"])
        self.assertEqual(expressions["bad"]["status"], "error")
        self.assertEqual(expressions["bad"]["ename"], "name")
        self.assertIn("nope", expressions["bad"]["evalue"])
        self.assertEqual(reply["content"]["execution_count"], count + 1)
        self.flush_channels()
        reply, outputs = self.execute_helper("_")
        self.assertEqual(reply["content"]["execution_count"], count + 2, "evaluating expressions used no count")
        result = [m for m in outputs if m["msg_type"] == "execute_result"][0]["content"]["data"]["text/plain"]
        self.assertEqual(result, "21", "'_' is the cell's value, not an expression's")

    def complete(self, code, cursor=None):
        self.kc.complete(code, len(code) if cursor is None else cursor)
        return self.kc.get_shell_msg(timeout=5)["content"]

    def test_unroll_completion_after_a_dot_offers_fields_with_their_types(self):
        self.flush_channels()
        self.execute_helper(TENSOR_AND_RECORD)
        reply = self.complete("W.sh")
        self.assertEqual(reply["matches"], ["shape"])
        self.assertEqual((reply["cursor_start"], reply["cursor_end"]), (2, 4))
        types = reply["metadata"]["_jupyter_types_experimental"]
        self.assertEqual(types, [{"start": 2, "end": 4, "text": "shape", "type": "tuple"}])
        self.assertEqual(self.complete("W.")["matches"], ["T", "shape"])
        self.assertEqual(self.complete("vocab.")["matches"], ["chars", "size"])
        self.assertEqual(self.complete("print(vocab.s")["matches"], ["size"])

    def test_unroll_no_completion_inside_strings_or_comments(self):
        self.flush_channels()
        self.execute_helper(TENSOR_AND_RECORD)
        for code in ['print("W.sh', 'print("tan', "x = 1  # tan", "# W.", "'vocab.s"]:
            self.assertEqual(self.complete(code)["matches"], [], code)
        self.assertEqual(self.complete('print("a") + tan')["matches"], ["tanh"], "after a closed string")

    def test_unroll_is_complete_indent_follows_nesting(self):
        self.flush_channels()
        cases = [("for i in 0..3 {", "  "), ("for i in 0..3 {\n  if i > 1 {", "    "),
                 ("def f(x) {\n  for i in 0..3 {\n    if i > 1 {", "      "), ("x = [1,", "  ")]
        for code, indent in cases:
            self.kc.is_complete(code)
            reply = self.kc.get_shell_msg(timeout=5)["content"]
            self.assertEqual((reply["status"], reply["indent"]), ("incomplete", indent), code)

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


class UnrollHistoryAcrossSessionsTests(unittest.TestCase):
    """History is kept in SQLite: a new kernel serves the previous kernel's cells."""

    def start(self):
        km, kc = start_new_kernel(kernel_name="unroll", startup_timeout=30)
        self.addCleanup(lambda: km.is_alive() and km.shutdown_kernel(now=True))
        self.addCleanup(kc.stop_channels)
        return km, kc

    def history(self, kc, **request):
        kc.history(**request)
        reply = kc.get_shell_msg(timeout=10)
        self.assertEqual(reply["content"]["status"], "ok")
        return reply["content"]["history"]

    def test_a_new_kernel_serves_the_previous_sessions_cells(self):
        marker = f"remembered_{os.getpid()}_{int(time.time())} = 6 * 7"
        km, kc = self.start()
        self.assertEqual(kc.execute_interactive(marker, timeout=10)["content"]["status"], "ok")
        self.assertEqual(kc.execute_interactive("remembered_too = 1", timeout=10)["content"]["status"], "ok")
        first = self.history(kc, hist_access_type="tail", n=2, output=False, raw=True)
        km.shutdown_kernel()
        kc.stop_channels()

        km, kc = self.start()
        tail = self.history(kc, hist_access_type="tail", n=2, output=True, raw=True)
        self.assertEqual([entry[2][0] for entry in tail], [marker, "remembered_too = 1"])
        self.assertEqual([entry[:2] for entry in tail], [entry[:2] for entry in first], "same session and line numbers")
        self.assertIsNone(tail[0][2][1], "an assignment shows no result")
        previous = self.history(kc, hist_access_type="range", session=-1, start=1, output=False, raw=True)
        self.assertEqual([entry[2] for entry in previous][-2:], [marker, "remembered_too = 1"])
        found = self.history(kc, hist_access_type="search", pattern="remembered_*", unique=True, output=False, raw=True)
        self.assertIn(marker, [entry[2] for entry in found])
        reply = kc.execute_interactive("1 + 1", timeout=10)
        self.assertEqual(reply["content"]["execution_count"], 1, "counts start afresh in a new kernel")
        current = self.history(kc, hist_access_type="range", session=0, start=1, output=True, raw=True)
        self.assertEqual([entry[2] for entry in current], [["1 + 1", "2"]])
        self.assertGreater(current[0][0], tail[0][0], "the new kernel is a later session")


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
