"""The REPL driven through a real pseudo-terminal, as a student types."""
import re
import subprocess

import pexpect
import pytest


def spawn(binary, env, **kwargs):
    env = dict(env, NO_COLOR="1")
    child = pexpect.spawn(binary, env=env, encoding="utf-8", timeout=30, dimensions=(40, 120), **kwargs)
    child.expect(r"In \[1\]: ")
    return child


def test_expression_shows_out_1(unroll_binary, env):
    child = spawn(unroll_binary, env)
    child.sendline("[1, 2] @ [3, 4]")
    child.expect(r"Out\[1\]: 11")
    child.expect(r"In \[2\]: ")
    child.sendeof()
    child.expect(pexpect.EOF)


def test_multiline_def_uses_continuation_prompts(unroll_binary, env):
    child = spawn(unroll_binary, env)
    child.sendline("def double(x) {")
    child.expect(r"   \.\.\.: ")
    child.sendline("  return x * 2")
    child.expect(r"   \.\.\.: ")
    child.sendline("}")
    child.expect(r"In \[2\]: ")
    child.sendline("double(21)")
    child.expect(r"Out\[2\]: 42")


def test_tab_completes_a_builtin_prefix(unroll_binary, env):
    child = spawn(unroll_binary, env)
    child.send("spectral_n\t")
    child.expect("spectral_norm")
    child.sendline("([[3, 0], [0, 1]])")
    child.expect(r"Out\[1\]: 3")


def test_ctrl_c_interrupts_a_loop_and_keeps_variables(unroll_binary, env):
    child = spawn(unroll_binary, env)
    child.sendline("kept = 7")
    child.expect(r"In \[2\]: ")
    child.sendline('print("run" + "ning"); for i in 0..100000000000 { }')
    child.expect("running")  # the output: the echoed line says "run" + "ning"
    child.sendintr()
    child.expect("interrupted: stopped at your request")
    child.expect("variables assigned before the interrupt keep their values")
    child.expect(r"In \[3\]: ")
    child.sendline("kept")
    child.expect(r"Out\[3\]: 7")


def test_ctrl_d_typed_while_a_cell_runs_ends_the_session(unroll_binary, env):
    # Typed while the cell runs, the Ctrl-D used to reach the terminal in its own
    # (canonical) mode, which turned it into a NUL byte for readline: lost.
    child = spawn(unroll_binary, env)
    child.sendline('print("run" + "ning"); for i in 0..3000000 { }')
    child.expect("running")  # the output: the echoed line says "run" + "ning"
    child.sendeof()
    child.expect(pexpect.EOF, timeout=120)
    child.close()
    assert child.exitstatus == 0


def test_a_line_typed_while_a_cell_runs_is_the_next_cell(unroll_binary, env):
    child = spawn(unroll_binary, env)
    child.sendline('print("run" + "ning"); for i in 0..3000000 { }')
    child.expect("running")  # the output: the echoed line says "run" + "ning"
    child.sendline("6 * 7")
    child.expect(r"Out\[2\]: 42", timeout=120)
    child.sendeof()
    child.expect(pexpect.EOF)


def test_ctrl_c_at_the_prompt_clears_the_line(unroll_binary, env):
    child = spawn(unroll_binary, env)
    child.send("this is not finished")
    child.expect("not finished")  # readline has the text before Ctrl-C arrives
    child.sendintr()
    child.expect(r"In \[1\]: ")
    child.sendline("1 + 1")
    child.expect(r"Out\[1\]: 2")


def test_history_survives_a_restart(unroll_binary, env):
    first = spawn(unroll_binary, env)
    first.sendline("remembered = 123")
    first.expect(r"In \[2\]: ")
    first.sendeof()
    first.expect(pexpect.EOF)
    second = spawn(unroll_binary, env)
    second.send("\x1b[A")  # up arrow recalls the last entry
    second.expect("remembered = 123")
    second.sendline("")
    second.expect(r"In \[2\]: ")
    second.sendline("remembered")
    second.expect(r"Out\[2\]: 123")


def test_ctrl_d_exits_with_status_0(unroll_binary, env):
    child = spawn(unroll_binary, env)
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_corrupt_history_is_moved_aside_with_a_warning(unroll_binary, env, data_home):
    (data_home / "unroll").mkdir(parents=True)
    (data_home / "unroll" / "history.sqlite").write_bytes(b"\xff\xfe garbage\n" * 512)
    child = pexpect.spawn(unroll_binary, env=dict(env, NO_COLOR="1"), encoding="utf-8", timeout=30)
    child.expect("is damaged")
    child.expect(r"In \[1\]: ")
    assert any(p.name.startswith("history.sqlite.corrupt-") for p in (data_home / "unroll").iterdir())


def test_the_history_of_earlier_versions_is_kept(unroll_binary, env, data_home):
    (data_home / "unroll").mkdir(parents=True)
    (data_home / "unroll" / "history").write_text('"old_entry = 41"\n')
    child = spawn(unroll_binary, env)
    child.send("\x1b[A")  # up arrow recalls the imported entry
    child.expect("old_entry = 41")
    child.sendline("")
    child.expect(r"In \[2\]: ")


# Colour (SGR) sequences; readline's own terminal controls, such as bracketed paste, are not colour.
COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def test_colour_only_without_no_color(unroll_binary, env):
    coloured = pexpect.spawn(unroll_binary, env=env, encoding="utf-8", timeout=30)
    coloured.expect("In")
    coloured.expect("]:")
    coloured.sendeof()
    assert COLOUR.search(coloured.before + coloured.read())
    plain = pexpect.spawn(unroll_binary, env=dict(env, NO_COLOR="1"), encoding="utf-8", timeout=30)
    plain.expect(r"In \[1\]: ")
    plain.sendline("1")
    plain.expect(r"Out\[1\]: 1")
    plain.sendeof()
    assert not COLOUR.search(plain.before + plain.read())


def test_piped_input_runs_like_a_script(unroll_binary, env):
    done = subprocess.run([unroll_binary], input="x = [1,2]; x * 2\nprint(\"ok\")\n", capture_output=True, text=True, env=env, timeout=30)
    assert done.returncode == 0
    assert done.stdout == "[2. 4.]\nok\n"
    failed = subprocess.run([unroll_binary], input="y = [1, 2] @ [1, 2, 3]\nprint(\"never\")\n", capture_output=True, text=True, env=env, timeout=30)
    assert failed.returncode == 1
    assert "never" not in failed.stdout
    assert "\x1b" not in failed.stdout + failed.stderr
    assert "^^^" in failed.stdout + failed.stderr
